namespace LvExtend.Bench.Growth;

/// <summary>One growth volume's figures over the measured part of the phase.</summary>
/// <param name="Policy">Fixed or adaptive.</param>
/// <param name="RateMibps">Its guest's write rate.</param>
/// <param name="Extensions">Extensions completed (replied and refreshed).</param>
/// <param name="Failed">Requests refused, timed out or not verified.</param>
/// <param name="Pauses">Times the watermark reached the LV size before the refresh.</param>
/// <param name="PausedSeconds">How long the guest stood still in all.</param>
/// <param name="WarmUpPauses">Pauses during the warm-up (not counted above).</param>
/// <param name="MeanUnwrittenMib">Allocated beyond the watermark, averaged over time.</param>
/// <param name="FinalUnwrittenMib">Allocated beyond the watermark at the end.</param>
/// <param name="WrittenMib">Written during the measurement.</param>
/// <param name="AllocatedMib">The LV grew by this during the measurement.</param>
/// <param name="ChunksMib">Each extension's growth.</param>
/// <param name="ExtensionMs">Each extension's duration, threshold crossed to LV refreshed.</param>
/// <param name="Trace">Every extension of the phase, the warm-up included.</param>
internal sealed record GrowthVolumeResult(
    GrowthPolicyKind Policy,
    double RateMibps,
    int Extensions,
    int Failed,
    int Pauses,
    double PausedSeconds,
    int WarmUpPauses,
    double MeanUnwrittenMib,
    double FinalUnwrittenMib,
    double WrittenMib,
    double AllocatedMib,
    IReadOnlyList<double> ChunksMib,
    IReadOnlyList<double> ExtensionMs,
    IReadOnlyList<GrowthExtension> Trace);
