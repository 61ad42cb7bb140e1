using LvExtend.Bench.Coordinator;
using LvExtend.Bench.Measurement;
using LvExtend.Bench.Simulation;

namespace LvExtend.Bench.Report;

/// <summary>Turns a run's samples and audit rows into its report.</summary>
internal static class RunAnalyzer
{
    private static readonly double[] Headrooms = [0.1, 0.25, 0.5, 1, 2, 5];

    public static RunReport Analyze(RunData data, BenchSettings settings)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(settings);
        var matched = Join(data.Samples, data.Audit);
        var steady = data.Samples.Where(s => s.Phase == LoadPhase.Steady).ToList();
        var steadyOk = matched.Where(m => m.Sample.Phase == LoadPhase.Steady && m.Sample.Outcome == ExtensionOutcome.Extended).ToList();
        var breakdowns = steadyOk.Where(m => m.Row is not null).Select(m => Breakdown.Of(m.Sample, m.Row!)).ToList();
        var extended = steady.Count(s => s.Outcome == ExtensionOutcome.Extended);
        var pauses = steady.Where(s => s.Pause > TimeSpan.Zero).ToList();
        var window = data.Coordinator.Seconds;
        var coordinatorCpu = data.Coordinator.OwnCpuSeconds;

        var report = new RunReport
        {
            Name = data.Profile.Name,
            Timings = data.Profile.Describe(),
            RateMibps = data.RateMibps,
            HeadroomSeconds = settings.LimitMib / data.RateMibps,
            Raw = data.Raw,
            SteadySeconds = data.SteadyElapsed.TotalSeconds,
            SteadyExtended = extended,
            SteadyNotExtended = steady.Count - extended,
            Unmatched = steadyOk.Count(m => m.Row is null),
            SteadyExtensionsPerSecond = extended / data.SteadyElapsed.TotalSeconds,
            Phases = Phases(breakdowns),
            Slowest = [.. breakdowns.OrderByDescending(b => b.OverheadWithoutQueue).Take(5)],
            Pauses = pauses.Count,
            WouldPause = [.. Headrooms.Select(h => new PauseSensitivity(
                h, breakdowns.Count == 0 ? double.NaN : breakdowns.Count(b => b.EndToEnd > h * 1000) / (double)breakdowns.Count))],
            PausedVolumes = pauses.Select(p => p.VolumeId).Distinct().Count(),
            PausedSecondsTotal = pauses.Sum(p => p.Pause.TotalSeconds),
            PauseMaxMs = pauses.Count == 0 ? 0 : pauses.Max(p => p.Pause.TotalMilliseconds),
            Burst = settings.Burst ? Burst(data, matched) : null,
            CoordinatorCpuSeconds = coordinatorCpu,
            CoordinatorChildrenCpuSeconds = data.Coordinator.ChildrenCpuSeconds,
            CoordinatorCpuPercent = 100 * coordinatorCpu / window,
            CoordinatorPeakRssMib = data.Coordinator.End.PeakRssBytes / (1024.0 * 1024),
            SimulationCpuSeconds = data.Bench.OwnCpuSeconds,
            SimulationChildrenCpuSeconds = data.Bench.ChildrenCpuSeconds,
            WindowSeconds = window,
            AuditStates = data.Audit.GroupBy(r => r.State).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            CoordinatorProblems = [.. data.CoordinatorProblems.Take(10)],
            LoadAverageAfter = data.LoadAverageAfter,
            Targets = [],
        };
        return report with { Targets = TargetCheck.Evaluate(report, breakdowns) };
    }

    private static List<PhaseRow> Phases(List<Breakdown> b) =>
    [
        new("detection", "mailbox detection (request written -> coordinator detected it)", Distribution.Of(b.Select(x => x.Detection))),
        new("queue", "queue (detected -> dequeued by the VG's worker)", Distribution.Of(b.Select(x => x.Queue))),
        new("validate", "validate (LV cache, rules, host limits)", Distribution.Of(b.Select(x => x.Validate))),
        new("lvextend", "lvextend (the lvm command)", Distribution.Of(b.Select(x => x.Lvextend))),
        new("record", "record (PostgreSQL before the reply: fence check)", Distribution.Of(b.Select(x => x.Record))),
        new("reply", "reply write (outbox block)", Distribution.Of(b.Select(x => x.Reply))),
        new("between", "coordinator between phases (hops, unmeasured)", Distribution.Of(b.Select(x => x.Between))),
        new("pickup", "reply pickup (reply written -> host saw it)", Distribution.Of(b.Select(x => x.Pickup))),
        new("round_trip", "ROUND TRIP (request written -> reply seen)", Distribution.Of(b.Select(x => x.RoundTrip))),
        new("refresh", "refresh (reply seen -> LV size read back, verified)", Distribution.Of(b.Select(x => x.Refresh))),
        new("end_to_end", "END TO END (request written -> LV refreshed)", Distribution.Of(b.Select(x => x.EndToEnd))),
        new("overhead", "OVERHEAD = round trip - lvextend", Distribution.Of(b.Select(x => x.Overhead))),
        new("overhead_without_queue", "overhead without the queue wait", Distribution.Of(b.Select(x => x.OverheadWithoutQueue))),
    ];

    private static BurstReport Burst(RunData data, List<(ExtensionSample Sample, AuditRow? Row)> matched)
    {
        var burst = matched.Where(m => m.Sample.Phase == LoadPhase.Burst).ToList();
        var ok = burst.Where(m => m.Sample.Outcome == ExtensionOutcome.Extended).ToList();
        var first = burst.Count == 0 ? data.BurstStart : burst.Min(m => m.Sample.SentOffset);
        var last = ok.Count == 0 ? first : ok.Max(m => m.Sample.ReplyOffset);
        var drain = (last - first).TotalSeconds;
        var rows = ok.Where(m => m.Row is not null).Select(m => m.Row!).ToList();
        return new BurstReport(
            burst.Count,
            ok.Count,
            drain,
            drain > 0 ? ok.Count / drain : 0,
            Distribution.Of(burst.Select(m => m.Sample.RoundTrip.TotalMilliseconds)),
            Distribution.Of(rows.Select(r => (r.LvextendSeconds ?? 0) * 1000)),
            Distribution.Of(rows.Select(r => ((r.ValidateSeconds ?? 0) + (r.RecordSeconds ?? 0) + (r.ReplySeconds ?? 0)) * 1000)),
            drain > 0 ? rows.Sum(r => r.LvextendSeconds ?? 0) / drain : 0);
    }

    /// <summary>Pairs each sample with its audit row: same host, volume and size, in order.</summary>
    private static List<(ExtensionSample Sample, AuditRow? Row)> Join(IReadOnlyList<ExtensionSample> samples, IReadOnlyList<AuditRow> audit)
    {
        var rows = audit
            .GroupBy(r => (r.HostId, r.VolumeId, r.RequestedMib))
            .ToDictionary(g => g.Key, g => new Queue<AuditRow>(g.OrderBy(r => r.RequestId)));
        var result = new List<(ExtensionSample, AuditRow?)>();
        foreach (var sample in samples.OrderBy(s => s.SentOffset))
        {
            AuditRow? row = null;
            if (sample.Outcome != ExtensionOutcome.TimedOut && rows.TryGetValue((sample.HostId, sample.VolumeId, sample.RequestedMib), out var queue))
            {
                queue.TryDequeue(out row);
            }

            result.Add((sample, row));
        }

        return result;
    }
}
