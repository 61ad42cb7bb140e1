using System.Globalization;
using LvExtend.Bench.Measurement;

namespace LvExtend.Bench.Report;

/// <summary>
/// The targets of issue 5: the round trip's overhead beyond lvextend itself p50 &lt;= 10 ms and p99 &lt;= 40 ms;
/// throughput &gt;= 90 % of the raw sequential lvextend rate. Each result says where the time went.
/// </summary>
internal static class TargetCheck
{
    public const double OverheadP50TargetMs = 10;
    public const double OverheadP99TargetMs = 40;
    public const double ThroughputTargetFraction = 0.9;
    public const double Issue12OverheadP50TargetMs = 5;
    public const double Issue12OverheadP99TargetMs = 20;
    public const double Issue12EndToEndSlackMs = 10;

    public static IReadOnlyList<TargetResult> Evaluate(RunReport report, IReadOnlyList<Breakdown> breakdowns)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(breakdowns);
        var overhead = report.Phase("overhead");
        var withoutQueue = report.Phase("overhead_without_queue");
        var results = new List<TargetResult>();
        if (breakdowns.Count == 0)
        {
            results.Add(new TargetResult(F($"overhead p50 <= {OverheadP50TargetMs} ms"), "n/a", false, "no steady extension was measured"));
            results.Add(new TargetResult(F($"overhead p99 <= {OverheadP99TargetMs} ms"), "n/a", false, "no steady extension was measured"));
            results.Add(Throughput(report));
            return results;
        }

        var parts = breakdowns.Select(b => b.OverheadParts().ToList()).ToList();
        var medians = parts[0].Select((part, i) => (part.Name, Ms: Distribution.Percentile([.. parts.Select(p => p[i].Ms).Order()], 50))).ToList();
        var slow = parts.Where((_, i) => breakdowns[i].Overhead >= overhead.P99).ToList();
        var slowMeans = slow[0].Select((part, i) => (part.Name, Ms: slow.Average(p => p[i].Ms))).ToList();
        var slowAlone = parts.Where((_, i) => breakdowns[i].OverheadWithoutQueue >= withoutQueue.P99).ToList();
        var slowAloneMeans = slowAlone[0].Select((part, i) => (part.Name, Ms: slowAlone.Average(p => p[i].Ms))).Where(p => p.Name != Breakdown.QueuePart);

        results.Add(new TargetResult(
            F($"overhead p50 <= {OverheadP50TargetMs} ms"), Ms(overhead.P50), overhead.P50 <= OverheadP50TargetMs, "medians: " + Parts(medians)));
        results.Add(new TargetResult(
            F($"overhead p99 <= {OverheadP99TargetMs} ms"), Ms(overhead.P99), overhead.P99 <= OverheadP99TargetMs,
            F($"the slowest 1 % ({slow.Count}) on average: {Parts(slowMeans)}")));
        results.Add(new TargetResult(
            F($"same, p50 without the queue wait <= {OverheadP50TargetMs} ms"), Ms(withoutQueue.P50), withoutQueue.P50 <= OverheadP50TargetMs,
            "per-request cost alone (the wait behind other requests' lvextends is load, see the queue row): medians: "
            + Parts(medians.Where(p => p.Name != Breakdown.QueuePart))));
        results.Add(new TargetResult(
            F($"same, p99 without the queue wait <= {OverheadP99TargetMs} ms"), Ms(withoutQueue.P99), withoutQueue.P99 <= OverheadP99TargetMs,
            F($"the slowest 1 % ({slowAlone.Count}) on average: {Parts(slowAloneMeans)}")));
        results.Add(Throughput(report));
        results.AddRange(Issue12(report));
        return results;
    }

    /// <summary>
    /// Issue 12 item 1: overhead beyond lvextend, queue wait excluded, p50 &lt;= 5 ms and p99 &lt;= 20 ms; end to end p50
    /// &lt;= lvextend p50 + refresh p50 + 10 ms (each of the same run).
    /// </summary>
    private static IEnumerable<TargetResult> Issue12(RunReport report)
    {
        var withoutQueue = report.Phase("overhead_without_queue");
        var lvextend = report.Phase("lvextend");
        var refresh = report.Phase("refresh");
        var endToEnd = report.Phase("end_to_end");
        yield return new TargetResult(
            F($"issue 12: overhead without the queue wait p50 <= {Issue12OverheadP50TargetMs} ms"), Ms(withoutQueue.P50),
            withoutQueue.P50 <= Issue12OverheadP50TargetMs, F($"mailbox detection p50 {report.Phase("detection").P50:0.0} ms, record {report.Phase("record").P50:0.0} ms, between phases {report.Phase("between").P50:0.0} ms, pickup {report.Phase("pickup").P50:0.0} ms"));
        yield return new TargetResult(
            F($"issue 12: overhead without the queue wait p99 <= {Issue12OverheadP99TargetMs} ms"), Ms(withoutQueue.P99),
            withoutQueue.P99 <= Issue12OverheadP99TargetMs, F($"detection p99 {report.Phase("detection").P99:0.0} ms, record p99 {report.Phase("record").P99:0.0} ms, pickup p99 {report.Phase("pickup").P99:0.0} ms"));
        var floor = lvextend.P50 + refresh.P50 + Issue12EndToEndSlackMs;
        yield return new TargetResult(
            F($"issue 12: end to end p50 <= lvextend p50 + refresh p50 + {Issue12EndToEndSlackMs} ms"), F($"{endToEnd.P50:0.0} ms vs {floor:0.0} ms"),
            endToEnd.P50 <= floor, F($"lvextend p50 {lvextend.P50:0.0} ms, refresh p50 {refresh.P50:0.0} ms (same run)"));
    }

    private static TargetResult Throughput(RunReport report)
    {
        var name = F($"throughput >= {ThroughputTargetFraction:P0} of raw lvextend");
        if (report.Burst is not { } burst)
        {
            return new TargetResult(name, "n/a", false, "not measured (the burst was turned off)");
        }

        var ratio = burst.ExtensionsPerSecond / report.Raw.RatePerSecond;
        var perRequestMs = burst.ExtensionsPerSecond > 0 ? 1000 / burst.ExtensionsPerSecond : double.NaN;
        var between = perRequestMs - burst.LvextendMs.Mean - burst.CoordinatorStepMs.Mean;
        var reason = F($"drained {burst.Extended} requests in {burst.DrainSeconds:0.00} s, {perRequestMs:0.0} ms each: ")
            + F($"lvextend {burst.LvextendMs.Mean:0.0} ms under load (alone, around the burst: {report.Raw.DurationMs.Mean:0.0} ms), ")
            + F($"validate+record+reply {burst.CoordinatorStepMs.Mean:0.0} ms, ")
            + (burst.LvextendBusyFraction > 1
                // Lvm:ConcurrentExtends > 1: the lvextends overlapped, so "between requests" has no meaning.
                ? F($"lvextends overlapping: {burst.LvextendBusyFraction:0.00} running on average over the drain")
                : F($"{between:0.0} ms between requests (audit writes after the reply, dequeuing, scheduling); ")
                    + F($"lvextend ran {burst.LvextendBusyFraction:P0} of the drain time"));
        return new TargetResult(name, F($"{burst.ExtensionsPerSecond:0.0}/s = {ratio:P1} of {report.Raw.RatePerSecond:0.0}/s"),
            ratio >= ThroughputTargetFraction, reason);
    }

    private static string Parts(IEnumerable<(string Name, double Ms)> parts) =>
        string.Join(", ", parts.OrderByDescending(p => p.Ms).Select(p => F($"{p.Name} {p.Ms:0.0} ms")));

    private static string Ms(double value) => F($"{value:0.00} ms");

    private static string F(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
