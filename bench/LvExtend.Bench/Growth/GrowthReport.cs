using System.Globalization;
using Hsm.Agent.Options;
using LvExtend.Bench.Report;

namespace LvExtend.Bench.Growth;

/// <summary>The growth phase: fixed vs adaptive, side by side, and the targets of issue 12 item 4.</summary>
/// <param name="Seconds">Measured duration.</param>
/// <param name="WarmUpSeconds">Warm-up before it (not measured).</param>
/// <param name="RatesMibps">The mix of write rates.</param>
/// <param name="VolumesPerRate">Volumes per rate and policy.</param>
/// <param name="Policies">Fixed, then adaptive.</param>
/// <param name="UnwrittenRatio">Adaptive's allocated-but-unwritten space over fixed's.</param>
/// <param name="AdaptiveP99Ms">The extension p99 the adaptive policy used at the end (its tracker; the initial latency while it had too few).</param>
/// <param name="AdaptiveLatencySamples">Extension durations in its tracker at the end.</param>
/// <param name="CoordinatorProblems">Warnings and errors the coordinator printed.</param>
/// <param name="Targets">0 pauses with adaptive; less unwritten space than fixed.</param>
/// <param name="Split">Where the measured window's extension time went (host, coordinator, refresh) and the load it ran under.</param>
/// <param name="Trace">Every extension of the phase (both policies, the warm-up included), by the time its threshold was crossed.</param>
internal sealed record GrowthReport(
    double Seconds,
    double WarmUpSeconds,
    IReadOnlyList<double> RatesMibps,
    int VolumesPerRate,
    IReadOnlyList<GrowthPolicyReport> Policies,
    double UnwrittenRatio,
    double AdaptiveP99Ms,
    int AdaptiveLatencySamples,
    IReadOnlyList<string> CoordinatorProblems,
    IReadOnlyList<TargetResult> Targets,
    GrowthLatencySplit Split,
    IReadOnlyList<GrowthExtension> Trace)
{
    public static GrowthReport Of(BenchSettings settings, AdaptiveGrowthOptions adaptive, IReadOnlyList<GrowthVolumeResult> results,
        IReadOnlyList<GrowthExtension> trace, GrowthLatencySplit split, IReadOnlyList<string> problems,
        double adaptiveP99Ms, int adaptiveLatencySamples)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(adaptive);
        ArgumentNullException.ThrowIfNull(results);
        var seconds = settings.GrowthDuration.TotalSeconds;
        var policies = new[] { GrowthPolicyKind.Fixed, GrowthPolicyKind.Adaptive }.Select(kind =>
        {
            var mine = results.Where(r => r.Policy == kind).ToList();
            var description = kind == GrowthPolicyKind.Fixed
                ? F($"chunk {settings.GrowthFixedChunkMib} MiB, extend when less than {(100 - settings.GrowthFixedUtilizationPercent) * settings.GrowthFixedChunkMib / 100} MiB is left (the reference)")
                : F($"headroom rate x max(L x {adaptive.Margin}, {adaptive.MinHeadroomTime.TotalSeconds:0.##} s) (>= {adaptive.MinHeadroomMib} MiB), L = p99 of the last {adaptive.LatencyWindow.TotalSeconds:0} s (at least the last {adaptive.MinLatencySamples}) or the longest in flight; chunk rate x max(L x {adaptive.Margin}, {adaptive.MinExtensionInterval.TotalSeconds:0.##} s) in {adaptive.MinChunkMib}..{adaptive.MaxChunkMib} MiB; p99 {adaptive.InitialExtensionLatency.TotalSeconds:0.##} s until measured, then the longest x {adaptive.BootstrapLatencyFactor}..1 until {adaptive.MinLatencySamples} (agent defaults)");
            return new GrowthPolicyReport(
                kind,
                description,
                mine.Count,
                mine.Sum(r => r.Extensions),
                mine.Sum(r => r.Extensions) / seconds,
                mine.Sum(r => r.Failed),
                mine.Sum(r => r.Pauses),
                mine.Sum(r => r.PausedSeconds),
                mine.Sum(r => r.WarmUpPauses),
                mine.Sum(r => r.MeanUnwrittenMib) / 1024,
                Measurement.Distribution.Of(mine.SelectMany(r => r.ExtensionMs)),
                [.. settings.GrowthRatesMibps.Select(rate => GrowthClassReport.Of(rate, [.. mine.Where(r => r.RateMibps == rate)]))]);
        }).ToList();
        var fixedPolicy = policies[0];
        var adaptivePolicy = policies[1];
        var ratio = adaptivePolicy.UnwrittenGib / fixedPolicy.UnwrittenGib;
        TargetResult[] targets =
        [
            new("adaptive: 0 pauses up to 2 GiB/s per volume", F($"{adaptivePolicy.Pauses} ({adaptivePolicy.PausedSeconds:0.00} s); fixed {fixedPolicy.Pauses}"),
                adaptivePolicy.Pauses == 0 && adaptivePolicy.Failed == 0,
                F($"extension p99 {adaptivePolicy.ExtensionMs.P99:0} ms (fixed {fixedPolicy.ExtensionMs.P99:0} ms); failed requests {adaptivePolicy.Failed}; warm-up pauses {adaptivePolicy.WarmUpPauses} (fixed {fixedPolicy.WarmUpPauses})")),
            new("adaptive: less allocated-but-unwritten space than fixed 2.5 GiB", F($"{adaptivePolicy.UnwrittenGib:0.0} GiB vs {fixedPolicy.UnwrittenGib:0.0} GiB = {ratio:P0}"),
                ratio < 1,
                F($"summed over {adaptivePolicy.Volumes} volumes each, averaged over time; extensions/s {adaptivePolicy.ExtensionsPerSecond:0.00} vs {fixedPolicy.ExtensionsPerSecond:0.00}")),
        ];
        return new GrowthReport(seconds, settings.GrowthWarmUp.TotalSeconds, settings.GrowthRatesMibps, settings.GrowthVolumesPerRate, policies, ratio,
            adaptiveP99Ms, adaptiveLatencySamples, [.. problems.Take(10)], targets, split, trace);
    }

    private static string F(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
