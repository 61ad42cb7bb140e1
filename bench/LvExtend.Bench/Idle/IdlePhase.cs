using System.Globalization;
using LvExtend.Bench.Coordinator;
using LvExtend.Bench.Lvm;
using LvExtend.Bench.Measurement;
using LvExtend.Bench.Report;
using LvExtend.Bench.Simulation;
using LvExtend.TestSupport;
using Microsoft.Extensions.Logging;
using Shared.Mailbox;

namespace LvExtend.Bench.Idle;

/// <summary>
/// The idle cost. Coordinator: a fresh one (tuned timings, the shipped idle doorbell interval and active window)
/// leading with N simulated hosts whose HostMailboxes are started and send nothing (each rings once at start); after
/// the active window and a settling time, its CPU per window and per thread (<see cref="IdleWindows"/>: the median of
/// several windows) and its I/O (/proc/&lt;pid&gt;/io) over them. <c>LVX_COORDINATOR_IDLE_VARIANTS</c>
/// (<see cref="IdleVariants"/>) measures several coordinators in turn with the same hosts, database and mailbox.
/// Agent: <see cref="AgentIdlePart"/>.
/// </summary>
internal sealed class IdlePhase(BenchSettings settings, BenchVolumeGroup vg, Guid domainId, ILoggerFactory loggerFactory, TextWriter progress)
{
    public const double CoordinatorCpuTargetPercent = 0.5;
    public const double AgentCpuTargetPercent = 0.1;
    private const string PoolId = "bench";

    public async Task<IdleReport> ExecuteAsync(string runDirectory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(runDirectory);
        var maxHosts = Math.Max(250, settings.IdleHosts);
        var inbox = Path.Combine(runDirectory, "inbox");
        var outbox = Path.Combine(runDirectory, "outbox");
        LoadRun.CreateMailboxFile(inbox, maxHosts);
        LoadRun.CreateMailboxFile(outbox, maxHosts);
        await using var database = await PostgresDatabase.CreateAsync(cancellationToken);
        var profile = settings.Tuned;
        IdleReport? report = null;
        var variants = new List<IdleVariantResult>();
        var hosts = new List<SimulatedHost>();
        try
        {
            foreach (var variant in IdleVariants.Read(IdleVariants.Coordinator))
            {
                var appDirectory = variant.Variables.LastOrDefault(v => v.Key == IdleVariants.CoordinatorDirectory).Value ?? settings.CoordinatorDirectory;
                var build = CoordinatorBuild.Read(appDirectory);
                var environment = variant.Variables.Where(v => v.Key != IdleVariants.CoordinatorDirectory)
                    .ToDictionary(v => v.Key, v => (string?)v.Value, StringComparer.Ordinal);
                await using var coordinator = await CoordinatorProcess.StartAsync(
                    new CoordinatorLaunch(database.ConnectionString, PoolId, inbox, outbox, maxHosts, profile, domainId, vg.Name, vg.Devices, Path.Combine(runDirectory, F($"coordinator-{variants.Count}")),
                        IdleEventInterval: settings.IdleEventInterval, ActiveWindow: settings.IdleActiveWindow, AppDirectory: appDirectory),
                    cancellationToken, environment: environment);
                // Hosts start with the first coordinator and stay (each rang once at its start); a later coordinator
                // starts in its active window all the same: the settle below covers it.
                for (var id = hosts.Count + 1; id <= settings.IdleHosts; id++)
                {
                    hosts.Add(await SimulatedHost.StartAsync(id, inbox, outbox, profile.HostPollInterval, loggerFactory, cancellationToken));
                }

                var settle = settings.IdleActiveWindow + settings.IdleSettle;
                progress.WriteLine(F($"[idle] [{variant.Name}] coordinator ({build.Describe()}) pid {coordinator.Pid} with {hosts.Count} idle hosts; settling {settle.TotalSeconds:0} s (active window + settle), measuring {settings.IdleWindows} x {settings.IdleDuration.TotalSeconds:0} s; load {ProcessStats.LoadAverage()}"));
                var settleStart = ProcessStats.Read(coordinator.Pid);
                await Task.Delay(settle, cancellationToken);
                var settlePercent = settle > TimeSpan.Zero ? 100 * (ProcessStats.Read(coordinator.Pid).OwnCpu - settleStart.OwnCpu).TotalSeconds / settle.TotalSeconds : 0;
                var loadBefore = ProcessStats.LoadAverage();
                report = await MeasureCoordinatorAsync(coordinator, hosts.Count, settle, settlePercent, cancellationToken);
                var result = new IdleVariantResult(
                    variant.Name, [.. variant.Variables.Select(v => v.Key + "=" + v.Value)], loadBefore, ProcessStats.LoadAverage(), report.CoordinatorCpu, report.CoordinatorTicksCpuPercent, report.CoordinatorThreads,
                    settlePercent);
                variants.Add(result);
                progress.WriteLine(F($"[idle] [{variant.Name}] coordinator CPU median {result.Cpu.Median:0.000} % (min {result.Cpu.Min:0.000}, max {result.Cpu.Max:0.000}; windows {Windows(result.Cpu)}; utime+stime {result.TicksPercent:0.000}; while settling {settlePercent:0.000}); ")
                    + F($"{report.ReadCallsPerSecond:0.0} read calls/s, {report.MailboxBlockReadsPerSecond:0.0} block reads/s; threads: {DescribeRuns(result.Threads)}; load {loadBefore} -> {result.LoadAfter}"));
                await coordinator.StopAsync();
            }
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }

        report = report! with { CoordinatorVariants = variants };

        if (settings.IdleAgentDrives == 0)
        {
            return report;
        }

        var agent = await new AgentIdlePart(settings, vg, domainId, loggerFactory, progress).ExecuteAsync(Path.Combine(runDirectory, "agent"), cancellationToken);
        return report with
        {
            Agent = agent,
            Targets =
            [
                .. report.Targets,
                new(F($"agent idle CPU <= {AgentCpuTargetPercent} % of a core with {agent.Drives} drives (median of windows)"), F($"{agent.CpuPercent:0.000} %"),
                    agent.CpuPercent <= AgentCpuTargetPercent,
                    F($"median of {agent.Cpu.Percents.Count} windows of {settings.IdleDuration.TotalSeconds:0} s: {Windows(agent.Cpu)} %; busiest threads: ") + Describe(agent.Threads)),
            ],
        };
    }

    private async Task<IdleReport> MeasureCoordinatorAsync(CoordinatorProcess coordinator, int hosts, TimeSpan settle, double settlePercent, CancellationToken cancellationToken)
    {
        var profile = settings.Tuned;
        var ioStart = ProcessIo.Read(coordinator.Pid);
        var benchStart = ProcessStats.Read(Environment.ProcessId);
        var sample = await IdleWindows.MeasureAsync(coordinator.Pid, settings.IdleWindows, settings.IdleDuration, cancellationToken);
        var io = ProcessIo.Read(coordinator.Pid).Since(ioStart);
        var benchEnd = ProcessStats.Read(Environment.ProcessId);
        var seconds = sample.Seconds;
        var cpu = sample.Cpu;
        var simulationPercent = 100 * (benchEnd.OwnCpu - benchStart.OwnCpu).TotalSeconds / seconds;
        TargetResult[] targets =
        [
            new(F($"coordinator idle CPU <= {CoordinatorCpuTargetPercent} % of a core with {hosts} idle hosts (median of {cpu.Percents.Count} windows)"), F($"{cpu.Median:0.000} %"),
                cpu.Median <= CoordinatorCpuTargetPercent,
                F($"windows of {settings.IdleDuration.TotalSeconds:0} s: {Windows(cpu)} %; idle doorbell every {settings.IdleEventInterval.TotalMilliseconds:0.###} ms, full scan every {profile.FullScanInterval.TotalMilliseconds:0} ms: ")
                + F($"{io.ReadBytes / (double)MailboxLayout.BlockSize / seconds:0.0} block reads/s, {io.ReadCalls / seconds:0.0} read calls/s; busiest threads: ") + Describe(sample.Threads)
                + F($"; before the windows, {settle.TotalSeconds:0} s from its start (active window, start-up, JIT tiering): {settlePercent:0.000} %")),
        ];
        return new IdleReport(
            hosts, seconds, profile.EventInterval.TotalMilliseconds, settings.IdleEventInterval.TotalMilliseconds, settings.IdleActiveWindow.TotalSeconds,
            profile.FullScanInterval.TotalMilliseconds, cpu.Median, cpu, sample.TicksPercent, sample.Threads,
            (sample.End.ChildrenCpu - sample.Start.ChildrenCpu).TotalSeconds, io.ReadCalls / seconds, io.WriteCalls / seconds, io.ReadBytes / seconds,
            io.ReadBytes / (double)MailboxLayout.BlockSize / seconds, io.WriteBytes / seconds, simulationPercent, sample.End.RssBytes / 1048576.0,
            settle.TotalSeconds, settlePercent, [], null, targets);
    }

    /// <summary>Each window's CPU, in order.</summary>
    internal static string Windows(CpuWindows cpu) => string.Join(" ", cpu.Percents.Select(p => F($"{p:0.000}")));

    /// <summary>Every thread group with its CPU and wake-ups.</summary>
    internal static string DescribeRuns(IReadOnlyList<ThreadGroupCpu> threads) =>
        string.Join(", ", threads.Select(t => F($"{t.Name} x{t.Threads} {t.CpuPercent:0.000} % {t.RunsPerSecond:0.0}/s")));

    private static string Describe(IReadOnlyList<ThreadGroupCpu> threads) =>
        threads.Count == 0 ? "none above 10 ms" : string.Join(", ", threads.Take(4).Select(t => F($"{t.Name} x{t.Threads} {t.CpuPercent:0.000} %")));

    private static string F(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
