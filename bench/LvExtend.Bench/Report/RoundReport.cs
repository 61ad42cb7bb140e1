namespace LvExtend.Bench.Report;

/// <summary>One round of the latency phase: the tuned and baseline runs back to back, compared within the round.</summary>
/// <param name="Round">1-based.</param>
/// <param name="Order">Which ran first ("tuned, baseline" or "baseline, tuned").</param>
/// <param name="Tuned">The tuned run's ratios.</param>
/// <param name="Baseline">The baseline run's ratios (null: no baseline).</param>
/// <param name="TunedOverBaselineRoundTripP50">Tuned round trip p50 / baseline round trip p50, same round.</param>
internal sealed record RoundReport(int Round, string Order, RunRatios Tuned, RunRatios? Baseline, double TunedOverBaselineRoundTripP50);
