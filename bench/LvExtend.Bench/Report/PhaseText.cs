using System.Globalization;
using LvExtend.Bench.Failover;
using LvExtend.Bench.Growth;
using LvExtend.Bench.Idle;
using LvExtend.Bench.Measurement;

namespace LvExtend.Bench.Report;

/// <summary>The plain-text sections of the growth, idle and failover phases.</summary>
internal static class PhaseText
{
    public static void WriteGrowth(GrowthReport g, TextWriter w)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(w);
        w.WriteLine();
        w.WriteLine(F($"== growth: fixed vs adaptive, side by side ({g.VolumesPerRate} volumes per rate and policy, {g.WarmUpSeconds:0} s warm-up, {g.Seconds:0} s measured) =="));
        foreach (var p in g.Policies)
        {
            w.WriteLine(F($"{p.Policy}: {p.Description}"));
        }

        w.WriteLine(F($"{"rate MiB/s",10} | {"policy",-8} {"ext",5} {"fail",4} {"pauses",6} {"paused s",8} {"warm-up",7} {"unwritten MiB",13} {"chunk p50",9} {"chunk max",9} {"ext p50 ms",10} {"ext p99 ms",10}"));
        foreach (var rate in g.RatesMibps)
        {
            foreach (var p in g.Policies)
            {
                var c = p.ByRate.First(x => x.RateMibps == rate);
                w.WriteLine(F($"{rate,10:0.###} | {p.Policy,-8} {c.Extensions,5} {c.Failed,4} {c.Pauses,6} {c.PausedSeconds,8:0.00} {c.WarmUpPauses,7} {c.MeanUnwrittenMib,13:0} {c.ChunkMib.P50,9:0} {c.ChunkMib.Max,9:0} {c.ExtensionMs.P50,10:0} {c.ExtensionMs.P99,10:0}"));
            }
        }

        foreach (var p in g.Policies)
        {
            w.WriteLine(F($"{p.Policy,-8} in all: {p.Extensions} extensions ({p.ExtensionsPerSecond:0.00}/s), {p.Failed} failed, {p.Pauses} pauses ({p.PausedSeconds:0.00} s), {p.WarmUpPauses} in the warm-up; allocated beyond what was written {p.UnwrittenGib:0.0} GiB (sum over volumes of the time average)"));
        }

        w.WriteLine(F($"adaptive / fixed allocated-but-unwritten: {g.UnwrittenRatio:P0}; the adaptive policy's extension p99 at the end: {g.AdaptiveP99Ms:0} ms ({g.AdaptiveLatencySamples} durations)"));
        foreach (var problem in g.CoordinatorProblems)
        {
            w.WriteLine("  coordinator said: " + problem);
        }

        WriteGrowthSplit(g.Split, w);
        Targets(g.Targets, w);
    }

    private static void WriteGrowthSplit(GrowthLatencySplit s, TextWriter w)
    {
        w.WriteLine(F($"where the extension time went (measured window, both policies; {s.Matched} of {s.Total.Count} with an audit row) ms  mean      p50      p95      p99      max"));
        Row("  threshold crossed -> LV refreshed", s.Total);
        Row("  crossing seen -> request sent (the policy)", s.Decide);
        Row("  request sent -> detected (write, doorbell, coordinator poll)", s.Detection);
        Row("  detected -> dequeued (the coordinator's queue)", s.Queue);
        Row("  lvextend", s.Lvextend);
        Row("  validate, record, reply write, hops", s.CoordinatorRest);
        Row("  reply written -> seen by the host", s.Pickup);
        Row("  reply seen -> LV refreshed (lvs)", s.Refresh);
        Row("  (not in the above) the simulation woke late for a crossing", s.WakeLate);
        Row("  (not in the above) a 10 ms timer of the simulation fired late", s.TimerLagMs);
        w.WriteLine(F($"  load: {s.RequestsPerSecond:0.00} extensions/s, {s.LvextendsAtOnce:0.00} lvextends and {s.QueuedAtOnce:0.00} queued requests at once (time average); CPU: simulation {s.SimulationCpuPercent:0} % + lvs {s.SimulationChildrenCpuPercent:0} %, coordinator {s.CoordinatorCpuPercent:0} % + lvm {s.CoordinatorChildrenCpuPercent:0} % of one core; load average {s.LoadAverage}"));

        void Row(string name, Distribution d) => w.WriteLine(F($"{name,-75} {d.Mean,8:0.0} {d.P50,8:0.0} {d.P95,8:0.0} {d.P99,8:0.0} {d.Max,8:0.0}"));
    }

    public static void WriteIdle(IdleReport i, TextWriter w)
    {
        ArgumentNullException.ThrowIfNull(i);
        ArgumentNullException.ThrowIfNull(w);
        w.WriteLine();
        w.WriteLine(F($"== idle: the coordinator with {i.Hosts} idle hosts over {i.Seconds:0.0} s (doorbell every {i.IdleEventIntervalMs:0.###} ms once idle, after a {i.ActiveWindowSeconds:0} s active window at {i.EventIntervalMs:0.###} ms; full scan every {i.FullScanIntervalMs:0} ms) =="));
        w.WriteLine(F($"coordinator CPU median {i.CoordinatorCpuPercent:0.000} % of one core (min {i.CoordinatorCpu.Min:0.000}, max {i.CoordinatorCpu.Max:0.000}; windows {IdlePhase.Windows(i.CoordinatorCpu)}; utime+stime {i.CoordinatorTicksCpuPercent:0.000}) (children {i.CoordinatorChildrenCpuSeconds:0.00} s); RSS {i.CoordinatorRssMib:0} MiB"));
        w.WriteLine(F($"  before the windows (not counted): {i.CoordinatorSettleCpuPercent:0.000} % of one core over the {i.CoordinatorSettleSeconds:0} s from its start (the active window's fast doorbell, start-up work, the JIT's tiering)"));
        Variants("coordinator", i.CoordinatorVariants, w);
        WriteThreads(i.CoordinatorThreads, w);
        w.WriteLine(F($"I/O: {i.MailboxBlockReadsPerSecond:0.0} mailbox block reads/s ({i.DiskReadBytesPerSecond / 1024:0.0} KiB/s from the disk, read_bytes), {i.ReadCallsPerSecond:0.0} read calls/s and {i.WriteCallsPerSecond:0.0} write calls/s (syscr/syscw: sockets included), {i.DiskWriteBytesPerSecond / 1024:0.0} KiB/s written"));
        w.WriteLine(F($"the idle simulated hosts (this process): {i.SimulationCpuPercent:0.00} % of one core"));
        if (i.Agent is { } a)
        {
            w.WriteLine(F($"agent (real Hsm.Agent, one running idle VM with {a.Drives} drives) over {a.Seconds:0.0} s: CPU median {a.CpuPercent:0.000} % of one core (min {a.Cpu.Min:0.000}, max {a.Cpu.Max:0.000}; windows {IdlePhase.Windows(a.Cpu)}); RSS {a.RssMib:0} MiB; the VM's qemu {a.QemuCpuPercent:0.00} %"));
            Variants("agent", a.Variants, w);
            WriteThreads(a.Threads, w);
            foreach (var problem in a.Problems)
            {
                w.WriteLine("  agent said: " + problem);
            }
        }
        else
        {
            w.WriteLine("agent part skipped (--idle-agent-drives 0)");
        }

        Targets(i.Targets, w);
    }

    public static void WriteFailover(FailoverReport f, TextWriter w)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(w);
        w.WriteLine();
        w.WriteLine(F($"== failover: the leader SIGKILLed {f.KillAfterSeconds:0.0} s into {f.LoadSeconds:0} s of steady load (headroom {f.HeadroomSeconds:0.00} s) =="));
        w.WriteLine(F($"standby serving the mailbox {f.TakeoverSeconds:0.00} s after the kill; first answer seen by a host {f.FirstAnswerSeconds:0.00} s after it"));
        w.WriteLine(F($"{f.PendingAtKill} requests pending at the kill, {f.SentDuringOutage} sent before the first answer; they were answered {f.AnsweredAfterKillMs.P50 / 1000:0.00} s (p50) / {f.AnsweredAfterKillMs.Max / 1000:0.00} s (max) after the kill or their sending"));
        w.WriteLine(F($"answered late (round trip > {f.LateThresholdMs:0} ms): {f.AnsweredLate}; timed out: {f.TimedOut}; pauses: {f.Pauses}; extended: {f.Extended}"));
        w.WriteLine(F($"round trip before the kill p50 {f.RoundTripBeforeMs.P50:0.0} / p99 {f.RoundTripBeforeMs.P99:0.0} ms; after the takeover p50 {f.RoundTripAfterMs.P50:0.0} / p99 {f.RoundTripAfterMs.P99:0.0} ms"));
        foreach (var g in f.Graceful)
        {
            w.WriteLine(F($"graceful, {g.How}: the standby took the lease {g.LeaseSeconds:0.00} s and served the mailbox {g.ServingSeconds:0.00} s after the {(g.How == "SIGTERM" ? "signal" : "admin call")}; the old leader {(g.OldLeaderReleased ? "released the lease" : "did NOT release the lease")}"));
        }

        Targets(f.Targets, w);
    }

    private static void WriteThreads(IReadOnlyList<ThreadGroupCpu> threads, TextWriter w)
    {
        foreach (var t in threads.Take(10))
        {
            w.WriteLine(F($"  thread {t.Name} (x{t.Threads}): {t.CpuPercent:0.000} %, {t.RunsPerSecond:0.0} runs/s"));
        }
    }

    private static void Variants(string what, IReadOnlyList<IdleVariantResult> variants, TextWriter w)
    {
        if (variants.Count < 2)
        {
            return;
        }

        w.WriteLine(F($"{what} variants, in turn (median / min / max % of one core):"));
        foreach (var v in variants)
        {
            w.WriteLine(F($"  {v.Name} ({(v.Environment.Count == 0 ? "as built" : string.Join(",", v.Environment))}): {v.Cpu.Median:0.000} / {v.Cpu.Min:0.000} / {v.Cpu.Max:0.000} (utime+stime {v.TicksPercent:0.000}{(v.SettleCpuPercent is { } settle ? F($"; before the windows {settle:0.000}") : "")}); load {v.LoadBefore} -> {v.LoadAfter}; ")
                + string.Join(", ", v.Threads.Take(6).Select(t => F($"{t.Name} {t.CpuPercent:0.000} % {t.RunsPerSecond:0.0}/s"))));
        }
    }

    private static void Targets(IReadOnlyList<TargetResult> targets, TextWriter w)
    {
        w.WriteLine("targets:");
        foreach (var t in targets)
        {
            w.WriteLine(F($"  [{(t.Met ? "met" : "NOT MET"),-7}] {t.Name}: {t.Measured}"));
            w.WriteLine(F($"            {t.Reason}"));
        }
    }

    private static string F(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
