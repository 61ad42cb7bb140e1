using LvExtend.Bench.Measurement;

namespace LvExtend.Bench.Growth;

/// <summary>One policy over the whole mix.</summary>
/// <param name="Policy">Fixed or adaptive.</param>
/// <param name="Description">Its parameters.</param>
/// <param name="Volumes">Volumes with this policy.</param>
/// <param name="Extensions">Extensions completed.</param>
/// <param name="ExtensionsPerSecond">Extensions per second it asked of the coordinator.</param>
/// <param name="Failed">Requests refused, timed out or not verified.</param>
/// <param name="Pauses">Pauses (measured part).</param>
/// <param name="PausedSeconds">Time paused in all.</param>
/// <param name="WarmUpPauses">Pauses during the warm-up.</param>
/// <param name="UnwrittenGib">Allocated beyond what was written, summed over its volumes (each averaged over time).</param>
/// <param name="ExtensionMs">Threshold crossed to LV refreshed (ms), every extension.</param>
/// <param name="ByRate">Per write rate.</param>
internal sealed record GrowthPolicyReport(
    GrowthPolicyKind Policy,
    string Description,
    int Volumes,
    int Extensions,
    double ExtensionsPerSecond,
    int Failed,
    int Pauses,
    double PausedSeconds,
    int WarmUpPauses,
    double UnwrittenGib,
    Distribution ExtensionMs,
    IReadOnlyList<GrowthClassReport> ByRate);
