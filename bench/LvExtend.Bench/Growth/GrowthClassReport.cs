using LvExtend.Bench.Measurement;

namespace LvExtend.Bench.Growth;

/// <summary>One policy at one write rate (the volumes of that rate summed or averaged).</summary>
/// <param name="RateMibps">The guests' write rate.</param>
/// <param name="Volumes">Volumes at this rate with this policy.</param>
/// <param name="Extensions">Extensions completed.</param>
/// <param name="Failed">Requests refused, timed out or not verified.</param>
/// <param name="Pauses">Pauses (measured part).</param>
/// <param name="PausedSeconds">Time paused in all.</param>
/// <param name="WarmUpPauses">Pauses during the warm-up.</param>
/// <param name="MeanUnwrittenMib">Per volume: allocated beyond the watermark, averaged over time, then over the volumes.</param>
/// <param name="WrittenMib">Written in all.</param>
/// <param name="AllocatedMib">Allocated in all (LV growth).</param>
/// <param name="ChunkMib">The chunks' distribution (MiB).</param>
/// <param name="ExtensionMs">Threshold crossed to LV refreshed (ms).</param>
internal sealed record GrowthClassReport(
    double RateMibps,
    int Volumes,
    int Extensions,
    int Failed,
    int Pauses,
    double PausedSeconds,
    int WarmUpPauses,
    double MeanUnwrittenMib,
    double WrittenMib,
    double AllocatedMib,
    Distribution ChunkMib,
    Distribution ExtensionMs)
{
    public static GrowthClassReport Of(double rateMibps, IReadOnlyList<GrowthVolumeResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return new GrowthClassReport(
            rateMibps,
            results.Count,
            results.Sum(r => r.Extensions),
            results.Sum(r => r.Failed),
            results.Sum(r => r.Pauses),
            results.Sum(r => r.PausedSeconds),
            results.Sum(r => r.WarmUpPauses),
            results.Count == 0 ? double.NaN : results.Average(r => r.MeanUnwrittenMib),
            results.Sum(r => r.WrittenMib),
            results.Sum(r => r.AllocatedMib),
            Distribution.Of(results.SelectMany(r => r.ChunksMib)),
            Distribution.Of(results.SelectMany(r => r.ExtensionMs)));
    }
}
