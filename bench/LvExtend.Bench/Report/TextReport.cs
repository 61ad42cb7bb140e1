using System.Globalization;
using LvExtend.Bench.Measurement;

namespace LvExtend.Bench.Report;

/// <summary>The plain-text report: setup, then per run the latency breakdown, throughput, pauses, CPU, targets.</summary>
internal static class TextReport
{
    public static void Write(BenchReport report, TextWriter w)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(w);
        var m = report.Machine;
        var s = report.Setup;
        w.WriteLine();
        w.WriteLine(F($"LvExtend benchmark: {s.Hosts} SIMULATED hosts x {s.VolumesPerHost} SIMULATED volumes = {s.Volumes} real LVs"));
        w.WriteLine(F($"  against the real coordinator process, PostgreSQL {m.Postgres}, LVM {m.Lvm} (VG on a {s.PvSizeGiB} GiB sparse loop PV, {s.ExtentMib} MiB extents, {s.LvCount} LVs)"));
        w.WriteLine(F($"  machine: {m.Cpu}, {m.Cores} cores, {m.MemoryGiB} GiB, Linux {m.Kernel}, .NET {m.Dotnet}; load average at start {m.LoadAverageAtStart}"));
        w.WriteLine($"  coordinator build: {report.Coordinator.Describe()}");
        w.WriteLine(F($"  phases: {report.Phases}"));
        if (report.Runs.Count > 0 || report.Failover is not null)
        {
            w.WriteLine(F($"  load: watermarks grow {s.RateMibps:0.###} MiB/s per volume ({s.RateSource}); chunk {s.ChunkMib} MiB, utilization {s.UtilizationPercent} %"));
            w.WriteLine(F($"        -> extend when less than {s.LimitMib:0.##} MiB is left (headroom {s.LimitMib / s.RateMibps:0.00} s); offered {s.OfferedExtensionsPerSecond:0.0} extensions/s"));
            w.WriteLine(F($"  refresh = {s.Refresh}"));
            w.WriteLine(F($"  each run: {s.SteadySeconds:0} s steady load{(s.BurstSize > 0 ? F($", then a burst ({s.BurstSize} volumes ask at once)") : "")}; VG set-up took {s.VgSetupSeconds:0.0} s"));
        }

        var multiRound = report.Runs.Any(r => r.Round > 1);
        foreach (var run in report.Runs)
        {
            WriteRun(run, w, multiRound);
        }

        if (report.Runs.Count > 1)
        {
            WriteComparison(report.Runs, w, multiRound);
        }

        if (report.Rounds is { } rounds)
        {
            WriteRounds(rounds, w);
        }

        if (report.Growth is { } growth)
        {
            PhaseText.WriteGrowth(growth, w);
        }

        if (report.Idle is { } idle)
        {
            PhaseText.WriteIdle(idle, w);
        }

        if (report.Failover is { } failover)
        {
            PhaseText.WriteFailover(failover, w);
        }

        w.WriteLine(F($"total {report.DurationSeconds:0} s"));
    }

    private static void WriteRun(RunReport r, TextWriter w, bool multiRound)
    {
        w.WriteLine();
        w.WriteLine(F($"== {Label(r, multiRound)}: {r.Timings} =="));
        var raw = r.Raw;
        w.WriteLine(F($"raw lvextend (same VG, {raw.Count} sequential, half before and half after the burst): {raw.RatePerSecond:0.0}/s, mean {raw.DurationMs.Mean:0.0} ms, p50 {raw.DurationMs.P50:0.0}, max {raw.DurationMs.Max:0.0} ms"));
        w.WriteLine(F($"steady {r.SteadySeconds:0.0} s: {r.SteadyExtended} extended ({r.SteadyExtensionsPerSecond:0.00}/s), {r.SteadyNotExtended} not extended, {r.Unmatched} without audit row"));
        w.WriteLine(F($"pauses: {r.Pauses} ({r.PausedVolumes} volumes, {r.PausedSecondsTotal:0.00} s in total, longest {r.PauseMaxMs:0} ms); headroom {r.HeadroomSeconds:0.00} s"));
        w.WriteLine("would have paused with a headroom of: " + string.Join(", ", r.WouldPause.Select(p => F($"{p.HeadroomSeconds} s: {p.Share:P1}"))));
        w.WriteLine(F($"{"latency per extension, steady phase (ms)",-66} {"n",5} {"mean",8} {"p50",8} {"p95",8} {"p99",8} {"max",8}"));
        foreach (var phase in r.Phases)
        {
            var d = phase.Milliseconds;
            w.WriteLine(F($"  {phase.Label,-64} {d.Count,5} {d.Mean,8:0.0} {d.P50,8:0.0} {d.P95,8:0.0} {d.P99,8:0.0} {d.Max,8:0.0}"));
        }

        if (r.Slowest.Count > 0)
        {
            w.WriteLine("slowest steady extensions by overhead without the queue wait (ms): " + string.Join("; ", r.Slowest.Select(x =>
                F($"{x.OverheadWithoutQueue:0.0} = detection {x.Detection:0.0} + validate {x.Validate:0.0} + record {x.Record:0.0} + reply {x.Reply:0.0} + between {x.Between:0.0} + pickup {x.Pickup:0.0}"))));
        }

        if (r.Burst is { } b)
        {
            w.WriteLine(F($"burst: {b.Requests} requests at once, {b.Extended} extended in {b.DrainSeconds:0.00} s = {b.ExtensionsPerSecond:0.0} extensions/s ({b.ExtensionsPerSecond / raw.RatePerSecond:P1} of raw)"));
            w.WriteLine(F($"       round trip p50 {b.RoundTripMs.P50:0} ms, p99 {b.RoundTripMs.P99:0} ms, max {b.RoundTripMs.Max:0} ms; lvextend mean {b.LvextendMs.Mean:0.0} ms; validate+record+reply mean {b.CoordinatorStepMs.Mean:0.0} ms"));
        }

        w.WriteLine(F($"coordinator: CPU {r.CoordinatorCpuSeconds:0.00} s own ({r.CoordinatorCpuPercent:0.0} % of one core over {r.WindowSeconds:0} s) + {r.CoordinatorChildrenCpuSeconds:0.00} s in its lvm children; peak RSS {r.CoordinatorPeakRssMib:0} MiB"));
        w.WriteLine(F($"simulation (this process, all simulated hosts): CPU {r.SimulationCpuSeconds:0.00} s + {r.SimulationChildrenCpuSeconds:0.00} s in refresh lvs children; load average after {r.LoadAverageAfter}"));
        w.WriteLine("audit states: " + string.Join(", ", r.AuditStates.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => F($"{p.Key} {p.Value}"))));
        foreach (var problem in r.CoordinatorProblems)
        {
            w.WriteLine("  coordinator said: " + problem);
        }

        w.WriteLine("targets:");
        foreach (var t in r.Targets)
        {
            w.WriteLine(F($"  [{(t.Met ? "met" : "NOT MET"),-7}] {t.Name}: {t.Measured}"));
            w.WriteLine(F($"            {t.Reason}"));
        }
    }

    private static void WriteComparison(IReadOnlyList<RunReport> runs, TextWriter w, bool multiRound)
    {
        w.WriteLine();
        w.WriteLine("== comparison ==");
        w.WriteLine(F($"{"",-34}") + string.Concat(runs.Select(r => F($"{Label(r, multiRound),16}"))));
        Row(w, runs, "round trip p50 / p99 (ms)", r => Pair(r.Phase("round_trip")));
        Row(w, runs, "end to end p50 / p99 (ms)", r => Pair(r.Phase("end_to_end")));
        Row(w, runs, "overhead p50 / p99 (ms)", r => Pair(r.Phase("overhead")));
        Row(w, runs, "lvextend p50 (ms)", r => F($"{r.Phase("lvextend").P50:0.0}"));
        Row(w, runs, "pauses", r => F($"{r.Pauses}"));
        foreach (var headroom in runs[0].WouldPause.Select(p => p.HeadroomSeconds))
        {
            Row(w, runs, F($"would pause, headroom {headroom} s"), r => F($"{r.WouldPause.First(p => p.HeadroomSeconds == headroom).Share:P1}"));
        }

        Row(w, runs, "steady extensions/s", r => F($"{r.SteadyExtensionsPerSecond:0.00}"));
        Row(w, runs, "burst extensions/s (% raw)", r => r.Burst is { } b ? F($"{b.ExtensionsPerSecond:0.0} ({b.ExtensionsPerSecond / r.Raw.RatePerSecond:P1})") : "n/a");
        Row(w, runs, "coordinator CPU % of a core", r => F($"{r.CoordinatorCpuPercent:0.0}"));
        Row(w, runs, "coordinator peak RSS (MiB)", r => F($"{r.CoordinatorPeakRssMib:0}"));
    }

    private static void WriteRounds(RoundsReport rounds, TextWriter w)
    {
        w.WriteLine();
        w.WriteLine("== rounds: each figure relative to LVM measured in the same run (robust to a noisy machine) ==");
        w.WriteLine(F($"{"round (order)",-26} {"RT p50",8} {"lvx p50",8} {"RT/lvx",7} {"ovh-q p50",9} {"ovh-q p99",9} {"e2e-floor",9} {"raw mean",8} {"burst/raw",9} {"tuned/base RT",13}"));
        foreach (var round in rounds.Rounds)
        {
            Line(F($"{round.Round} tuned ({round.Order})"), round.Tuned, round.TunedOverBaselineRoundTripP50);
            if (round.Baseline is { } baseline)
            {
                Line(F($"{round.Round} baseline"), baseline, double.NaN);
            }
        }

        Line("median tuned", rounds.TunedMedian, rounds.TunedOverBaselineRoundTripP50.P50);
        if (rounds.BaselineMedian is { } median)
        {
            Line("median baseline", median, double.NaN);
        }

        w.WriteLine(F($"  (RT round trip, lvx the coordinator's lvextend, ovh-q overhead without the queue wait, e2e-floor end to end - lvextend - refresh, all ms, p50 unless said; tuned/base RT = tuned round trip p50 / baseline's in the same round: median {rounds.TunedOverBaselineRoundTripP50.P50:0.00}, min-max {Min(rounds)})"));

        void Line(string label, RunRatios r, double ratio) =>
            w.WriteLine(F($"{label,-26} {r.RoundTripP50Ms,8:0.0} {r.LvextendP50Ms,8:0.0} {r.RoundTripOverLvextendP50,7:0.00} {r.OverheadWithoutQueueP50Ms,9:0.0} {r.OverheadWithoutQueueP99Ms,9:0.0} {r.EndToEndBeyondFloorP50Ms,9:0.0} {r.RawLvextendMeanMs,8:0.0} {r.BurstOverRaw,9:P1} {ratio,13:0.00}"));

        static string Min(RoundsReport r)
        {
            var values = r.Rounds.Select(x => x.TunedOverBaselineRoundTripP50).Where(double.IsFinite).ToList();
            return values.Count == 0 ? "n/a" : F($"{values.Min():0.00}-{values.Max():0.00}");
        }
    }

    private static string Label(RunReport r, bool multiRound) => multiRound ? F($"{r.Name} r{r.Round}") : r.Name;

    private static void Row(TextWriter w, IReadOnlyList<RunReport> runs, string label, Func<RunReport, string> value) =>
        w.WriteLine(F($"{label,-34}") + string.Concat(runs.Select(r => F($"{value(r),16}"))));

    private static string Pair(Distribution d) => F($"{d.P50:0.0} / {d.P99:0.0}");

    private static string F(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
