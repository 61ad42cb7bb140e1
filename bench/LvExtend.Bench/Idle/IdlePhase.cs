using System.Diagnostics;
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
/// the active window and a settling time, its CPU (/proc/&lt;pid&gt;/stat, per thread from /proc/&lt;pid&gt;/task) and
/// I/O (/proc/&lt;pid&gt;/io) over a window. Agent: <see cref="AgentIdlePart"/>.
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
        IdleReport report;
        await using (var coordinator = await CoordinatorProcess.StartAsync(
            new CoordinatorLaunch(database.ConnectionString, PoolId, inbox, outbox, maxHosts, profile, domainId, vg.Name, vg.Devices, runDirectory,
                IdleEventInterval: settings.IdleEventInterval, ActiveWindow: settings.IdleActiveWindow),
            cancellationToken))
        {
            var hosts = new List<SimulatedHost>();
            try
            {
                for (var id = 1; id <= settings.IdleHosts; id++)
                {
                    hosts.Add(await SimulatedHost.StartAsync(id, inbox, outbox, profile.HostPollInterval, loggerFactory, cancellationToken));
                }

                // Each host rang at its start: the coordinator polls at the active interval until the window has passed.
                var settle = settings.IdleActiveWindow + settings.IdleSettle;
                progress.WriteLine(F($"[idle] coordinator pid {coordinator.Pid} with {hosts.Count} idle hosts; settling {settle.TotalSeconds:0} s (active window + settle), measuring for {settings.IdleDuration.TotalSeconds:0} s"));
                await Task.Delay(settle, cancellationToken);
                report = await MeasureCoordinatorAsync(coordinator, hosts.Count, cancellationToken);
                await coordinator.StopAsync();
            }
            finally
            {
                foreach (var host in hosts)
                {
                    await host.DisposeAsync();
                }
            }
        }

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
                new(F($"agent idle CPU <= {AgentCpuTargetPercent} % of a core with {agent.Drives} drives"), F($"{agent.CpuPercent:0.000} %"),
                    agent.CpuPercent <= AgentCpuTargetPercent,
                    F($"{agent.CpuPercent * agent.Seconds / 100:0.000} s CPU in {agent.Seconds:0.0} s; busiest threads: ") + Describe(agent.Threads)),
            ],
        };
    }

    private async Task<IdleReport> MeasureCoordinatorAsync(CoordinatorProcess coordinator, int hosts, CancellationToken cancellationToken)
    {
        var profile = settings.Tuned;
        var cpuStart = coordinator.Sample();
        var threadsStart = ThreadCpu.Sample(coordinator.Pid);
        var ioStart = ProcessIo.Read(coordinator.Pid);
        var benchStart = ProcessStats.Read(Environment.ProcessId);
        await Task.Delay(settings.IdleDuration, cancellationToken);
        var cpuEnd = coordinator.Sample();
        var threadsEnd = ThreadCpu.Sample(coordinator.Pid);
        var io = ProcessIo.Read(coordinator.Pid).Since(ioStart);
        var benchEnd = ProcessStats.Read(Environment.ProcessId);
        var seconds = Stopwatch.GetElapsedTime(cpuStart.Timestamp, cpuEnd.Timestamp).TotalSeconds;
        var cpuPercent = 100 * (cpuEnd.OwnCpu - cpuStart.OwnCpu).TotalSeconds / seconds;
        var simulationPercent = 100 * (benchEnd.OwnCpu - benchStart.OwnCpu).TotalSeconds / seconds;
        var threads = ThreadCpu.Between(threadsStart, threadsEnd, seconds);
        TargetResult[] targets =
        [
            new(F($"coordinator idle CPU <= {CoordinatorCpuTargetPercent} % of a core with {hosts} idle hosts"), F($"{cpuPercent:0.00} %"),
                cpuPercent <= CoordinatorCpuTargetPercent,
                F($"{(cpuEnd.OwnCpu - cpuStart.OwnCpu).TotalSeconds:0.000} s CPU in {seconds:0.0} s; idle doorbell every {settings.IdleEventInterval.TotalMilliseconds:0.###} ms, full scan every {profile.FullScanInterval.TotalMilliseconds:0} ms: ")
                + F($"{io.ReadBytes / (double)MailboxLayout.BlockSize / seconds:0.0} block reads/s, {io.ReadCalls / seconds:0.0} read calls/s; busiest threads: ") + Describe(threads)),
        ];
        return new IdleReport(
            hosts, seconds, profile.EventInterval.TotalMilliseconds, settings.IdleEventInterval.TotalMilliseconds, settings.IdleActiveWindow.TotalSeconds,
            profile.FullScanInterval.TotalMilliseconds, cpuPercent, threads,
            (cpuEnd.ChildrenCpu - cpuStart.ChildrenCpu).TotalSeconds, io.ReadCalls / seconds, io.WriteCalls / seconds, io.ReadBytes / seconds,
            io.ReadBytes / (double)MailboxLayout.BlockSize / seconds, io.WriteBytes / seconds, simulationPercent, cpuEnd.RssBytes / 1048576.0,
            null, targets);
    }

    private static string Describe(IReadOnlyList<ThreadGroupCpu> threads) =>
        threads.Count == 0 ? "none above 10 ms" : string.Join(", ", threads.Take(4).Select(t => F($"{t.Name} x{t.Threads} {t.CpuPercent:0.00} %")));

    private static string F(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
