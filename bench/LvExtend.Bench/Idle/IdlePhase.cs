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
/// The idle cost: a fresh coordinator (tuned timings) leading with N simulated hosts whose HostMailboxes are
/// started and send nothing; after a settling time, its CPU (/proc/&lt;pid&gt;/stat) and I/O (/proc/&lt;pid&gt;/io)
/// over a window.
/// </summary>
internal sealed class IdlePhase(BenchSettings settings, BenchVolumeGroup vg, Guid domainId, ILoggerFactory loggerFactory, TextWriter progress)
{
    public const double CoordinatorCpuTargetPercent = 0.5;
    private const string PoolId = "bench";
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);

    /// <summary>Why the agent's idle CPU is not part of the benchmark.</summary>
    public const string AgentIdleNote =
        "not measured by the benchmark: an agent with 20 drives needs qemu guests with 20 drives (QMP, threshold events), "
        + "which the simulated hosts do not have; measure it on a host running the agent (pidstat -p <agent pid> 60 1)";

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
        await using var coordinator = await CoordinatorProcess.StartAsync(
            new CoordinatorLaunch(database.ConnectionString, PoolId, inbox, outbox, maxHosts, profile, domainId, vg.Name, vg.Devices, runDirectory),
            cancellationToken);
        var hosts = new List<SimulatedHost>();
        try
        {
            for (var id = 1; id <= settings.IdleHosts; id++)
            {
                hosts.Add(await SimulatedHost.StartAsync(id, inbox, outbox, profile.HostPollInterval, loggerFactory, cancellationToken));
            }

            progress.WriteLine(F($"[idle] coordinator pid {coordinator.Pid} with {hosts.Count} idle hosts; measuring for {settings.IdleDuration.TotalSeconds:0} s"));
            await Task.Delay(Settle, cancellationToken);
            var cpuStart = coordinator.Sample();
            var ioStart = ProcessIo.Read(coordinator.Pid);
            var benchStart = ProcessStats.Read(Environment.ProcessId);
            await Task.Delay(settings.IdleDuration, cancellationToken);
            var cpuEnd = coordinator.Sample();
            var io = ProcessIo.Read(coordinator.Pid).Since(ioStart);
            var benchEnd = ProcessStats.Read(Environment.ProcessId);
            var seconds = Stopwatch.GetElapsedTime(cpuStart.Timestamp, cpuEnd.Timestamp).TotalSeconds;
            var cpuPercent = 100 * (cpuEnd.OwnCpu - cpuStart.OwnCpu).TotalSeconds / seconds;
            var simulationPercent = 100 * (benchEnd.OwnCpu - benchStart.OwnCpu).TotalSeconds / seconds;
            TargetResult[] targets =
            [
                new(F($"coordinator idle CPU <= {CoordinatorCpuTargetPercent} % of a core with {hosts.Count} idle hosts"), F($"{cpuPercent:0.00} %"),
                    cpuPercent <= CoordinatorCpuTargetPercent,
                    F($"{(cpuEnd.OwnCpu - cpuStart.OwnCpu).TotalSeconds:0.000} s CPU in {seconds:0.0} s; doorbell every {profile.EventInterval.TotalMilliseconds:0.###} ms, full scan every {profile.FullScanInterval.TotalMilliseconds:0} ms: ")
                    + F($"{io.ReadBytes / (double)MailboxLayout.BlockSize / seconds:0.0} block reads/s, {io.ReadCalls / seconds:0.0} read calls/s")),
            ];
            var report = new IdleReport(
                hosts.Count, seconds, profile.EventInterval.TotalMilliseconds, profile.FullScanInterval.TotalMilliseconds, cpuPercent,
                (cpuEnd.ChildrenCpu - cpuStart.ChildrenCpu).TotalSeconds, io.ReadCalls / seconds, io.WriteCalls / seconds, io.ReadBytes / seconds,
                io.ReadBytes / (double)MailboxLayout.BlockSize / seconds, io.WriteBytes / seconds, simulationPercent, cpuEnd.RssBytes / 1048576.0,
                targets, AgentIdleNote);
            await coordinator.StopAsync();
            return report;
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }

    private static string F(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
