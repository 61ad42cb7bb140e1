using LvExtend.Bench.Measurement;

namespace LvExtend.Bench.Report;

/// <summary>
/// A run's figures relative to what the same run measured of LVM in the same window (robust to a noisy machine):
/// the round trip over its own lvextend, the overhead, the end to end beyond lvextend + refresh, the burst over the
/// raw rate measured around it.
/// </summary>
/// <param name="RoundTripP50Ms">Round trip p50.</param>
/// <param name="LvextendP50Ms">The coordinator's lvextend p50 (audit, same run).</param>
/// <param name="RoundTripOverLvextendP50">Round trip p50 / lvextend p50.</param>
/// <param name="OverheadWithoutQueueP50Ms">Overhead without the queue wait, p50.</param>
/// <param name="OverheadWithoutQueueP99Ms">The same, p99.</param>
/// <param name="EndToEndBeyondFloorP50Ms">End to end p50 - (lvextend p50 + refresh p50).</param>
/// <param name="RawLvextendMeanMs">The raw sequential lvextend around the burst, mean.</param>
/// <param name="BurstOverRaw">Burst drain rate / raw rate (NaN without a burst).</param>
internal sealed record RunRatios(
    double RoundTripP50Ms,
    double LvextendP50Ms,
    double RoundTripOverLvextendP50,
    double OverheadWithoutQueueP50Ms,
    double OverheadWithoutQueueP99Ms,
    double EndToEndBeyondFloorP50Ms,
    double RawLvextendMeanMs,
    double BurstOverRaw)
{
    public static RunRatios Of(RunReport run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var roundTrip = run.Phase("round_trip").P50;
        var lvextend = run.Phase("lvextend").P50;
        var withoutQueue = run.Phase("overhead_without_queue");
        return new RunRatios(
            roundTrip,
            lvextend,
            roundTrip / lvextend,
            withoutQueue.P50,
            withoutQueue.P99,
            run.Phase("end_to_end").P50 - lvextend - run.Phase("refresh").P50,
            run.Raw.DurationMs.Mean,
            run.Burst is { } b && run.Raw.RatePerSecond > 0 ? b.ExtensionsPerSecond / run.Raw.RatePerSecond : double.NaN);
    }

    /// <summary>Field by field median of <paramref name="all"/> (the rounds).</summary>
    public static RunRatios Median(IReadOnlyList<RunRatios> all)
    {
        ArgumentNullException.ThrowIfNull(all);
        double M(Func<RunRatios, double> f) => Distribution.Of(all.Select(f)).P50;
        return new RunRatios(
            M(r => r.RoundTripP50Ms), M(r => r.LvextendP50Ms), M(r => r.RoundTripOverLvextendP50), M(r => r.OverheadWithoutQueueP50Ms),
            M(r => r.OverheadWithoutQueueP99Ms), M(r => r.EndToEndBeyondFloorP50Ms), M(r => r.RawLvextendMeanMs), M(r => r.BurstOverRaw));
    }
}
