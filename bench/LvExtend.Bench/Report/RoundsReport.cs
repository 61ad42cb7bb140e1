using LvExtend.Bench.Measurement;

namespace LvExtend.Bench.Report;

/// <summary>The latency phase over its rounds: per round, and the median of each figure over the rounds.</summary>
/// <param name="Rounds">Each round.</param>
/// <param name="TunedMedian">Median over the rounds of the tuned ratios.</param>
/// <param name="BaselineMedian">Median over the rounds of the baseline ratios (null: no baseline).</param>
/// <param name="TunedOverBaselineRoundTripP50">Median, min and max over the rounds of the within-round ratio.</param>
internal sealed record RoundsReport(IReadOnlyList<RoundReport> Rounds, RunRatios TunedMedian, RunRatios? BaselineMedian, Distribution TunedOverBaselineRoundTripP50)
{
    public static RoundsReport Of(IReadOnlyList<RunReport> runs, IReadOnlyDictionary<int, string> orders)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(orders);
        var rounds = runs.GroupBy(r => r.Round).OrderBy(g => g.Key).Select(g =>
        {
            var tuned = RunRatios.Of(g.First(r => r.Name == "tuned"));
            var baselineRun = g.FirstOrDefault(r => r.Name == "baseline");
            var baseline = baselineRun is null ? null : RunRatios.Of(baselineRun);
            return new RoundReport(g.Key, orders.GetValueOrDefault(g.Key, "tuned"), tuned, baseline,
                baseline is null ? double.NaN : tuned.RoundTripP50Ms / baseline.RoundTripP50Ms);
        }).ToList();
        var baselines = rounds.Where(r => r.Baseline is not null).Select(r => r.Baseline!).ToList();
        return new RoundsReport(
            rounds,
            RunRatios.Median([.. rounds.Select(r => r.Tuned)]),
            baselines.Count == 0 ? null : RunRatios.Median(baselines),
            Distribution.Of(rounds.Select(r => r.TunedOverBaselineRoundTripP50)));
    }
}
