using System.Globalization;
using Hsm.Agent.Extension;
using Hsm.Agent.Options;
using LvExtend.Bench.Coordinator;
using LvExtend.Bench.Lvm;
using LvExtend.Bench.Measurement;
using LvExtend.Bench.Report;
using LvExtend.Bench.Simulation;
using LvExtend.TestSupport;
using Microsoft.Extensions.Logging;

namespace LvExtend.Bench.Growth;

/// <summary>
/// Fixed 2.5 GiB chunks against the agent's rate-adaptive policy, side by side in one run: for every write rate
/// of the mix (idle ... 2 GiB/s) the same number of volumes per policy, all writing at once against one fresh
/// coordinator (the tuned timings), spread over the simulated hosts so that both policies share the same mailbox,
/// coordinator and machine in the same window. A warm-up lets the adaptive meters and trackers see the rates first
/// (its pauses are reported apart); then pauses and the space allocated beyond what was written are measured.
/// </summary>
internal sealed class GrowthPhase(
    BenchSettings settings, BenchVolumeGroup vg, Guid domainId, IReadOnlyList<(GrowthPolicyKind Policy, double RateMibps, Guid VolumeId)> volumes,
    ILoggerFactory loggerFactory, TextWriter progress)
{
    private const string PoolId = "bench";

    /// <summary>The growth LVs to create at set-up: volumes-per-rate per rate, per policy.</summary>
    public static List<(GrowthPolicyKind Policy, double RateMibps, Guid VolumeId)> Plan(BenchSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var plan = new List<(GrowthPolicyKind, double, Guid)>();
        foreach (var rate in settings.GrowthRatesMibps)
        {
            for (var i = 0; i < settings.GrowthVolumesPerRate; i++)
            {
                plan.Add((GrowthPolicyKind.Fixed, rate, Guid.NewGuid()));
                plan.Add((GrowthPolicyKind.Adaptive, rate, Guid.NewGuid()));
            }
        }

        return plan;
    }

    public async Task<GrowthReport> ExecuteAsync(string runDirectory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(runDirectory);
        var maxHosts = Math.Max(250, settings.Hosts);
        var inbox = Path.Combine(runDirectory, "inbox");
        var outbox = Path.Combine(runDirectory, "outbox");
        LoadRun.CreateMailboxFile(inbox, maxHosts);
        LoadRun.CreateMailboxFile(outbox, maxHosts);
        await using var database = await PostgresDatabase.CreateAsync(cancellationToken);
        var profile = settings.Tuned;
        await using var coordinator = await CoordinatorProcess.StartAsync(
            new CoordinatorLaunch(database.ConnectionString, PoolId, inbox, outbox, maxHosts, profile, domainId, vg.Name, vg.Devices, runDirectory, AppDirectory: settings.CoordinatorDirectory),
            cancellationToken);
        progress.WriteLine(F($"[growth] coordinator pid {coordinator.Pid}; {volumes.Count} volumes, fixed {settings.GrowthFixedChunkMib} MiB vs adaptive, rates {string.Join(", ", settings.GrowthRatesMibps)} MiB/s"));

        var sizes = await vg.ReadAllLvSizesAsync(cancellationToken);
        using var refresher = new VolumeRefresher(vg, settings.RefreshWithLocking);
        var adaptive = new AdaptiveGrowthOptions();
        var context = new GrowthContext(settings, adaptive, domainId, refresher, TimeProvider.System);
        var hostCount = Math.Clamp(settings.Hosts, 1, volumes.Count);
        var hosts = new List<SimulatedHost>();
        try
        {
            // One latency tracker for the phase, as an agent shares one across its drives: every simulated host here
            // goes through the same coordinator on the same machine, and a tracker per host would see few extensions.
            var tracker = new ExtensionLatencyTracker(TimeProvider.System);
            var all = new List<GrowthVolume>();
            var random = new Random(settings.Seed);
            for (var i = 0; i < volumes.Count; i++)
            {
                var hostId = (i % hostCount) + 1;
                if (hosts.Count < hostId)
                {
                    hosts.Add(await SimulatedHost.StartAsync(hostId, inbox, outbox, profile.HostPollInterval, loggerFactory, cancellationToken));
                }

                var (policy, rate, id) = volumes[i];
                var index = volumes.Take(i).Count(v => v.Policy == policy && v.RateMibps == rate);
                var volume = new GrowthVolume(id, index, hostId, hosts[hostId - 1].Mailbox, context, tracker, policy, rate);
                volume.Start(sizes[id.ToString()], random);
                all.Add(volume);
            }

            var warmUpEnd = context.Now + settings.GrowthWarmUp;
            await Task.WhenAll(all.Select(v => v.RunAsync(warmUpEnd, cancellationToken)));
            foreach (var volume in all)
            {
                volume.StartMeasuring();
            }

            progress.WriteLine(F($"[growth] warm-up done ({settings.GrowthWarmUp.TotalSeconds:0} s); measuring for {settings.GrowthDuration.TotalSeconds:0} s"));
            var measuredFrom = context.Now;
            var end = measuredFrom + settings.GrowthDuration;
            var (simulationBefore, coordinatorBefore) = (ProcessStats.Read(Environment.ProcessId), coordinator.Sample());
            var timerLag = new List<double>();
            using var probeStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var probe = ProbeTimerAsync(context, timerLag, probeStop.Token);
            await Task.WhenAll(all.Select(v => v.RunAsync(end, cancellationToken)));
            await probeStop.CancelAsync();
            await probe;
            var (simulationAfter, coordinatorAfter) = (ProcessStats.Read(Environment.ProcessId), coordinator.Sample());
            var results = all.Select(v => v.Result()).ToList();
            var trace = await JoinAuditAsync(database.ConnectionString, [.. results.SelectMany(r => r.Trace)], cancellationToken);
            var split = GrowthLatencySplit.Of(trace, measuredFrom.TotalSeconds, settings.GrowthDuration.TotalSeconds, timerLag,
                simulationBefore, simulationAfter, coordinatorBefore, coordinatorAfter);
            var problems = coordinator.Problems();
            await coordinator.StopAsync();
            return GrowthReport.Of(settings, adaptive, results, trace, split, problems, tracker.P99(adaptive).TotalMilliseconds, tracker.Count);
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }

    /// <summary>How late a 10 ms timer of this process fires while the volumes run: the simulation's own scheduling lag.</summary>
    private static async Task ProbeTimerAsync(GrowthContext context, List<double> lagMs, CancellationToken cancellationToken)
    {
        var period = TimeSpan.FromMilliseconds(10);
        try
        {
            while (true)
            {
                var due = context.Now + period;
                await Task.Delay(period, cancellationToken);
                lagMs.Add((context.Now - due).TotalMilliseconds);
            }
        }
        catch (OperationCanceledException)
        {
            // The measured window ended.
        }
    }

    /// <summary>
    /// Each extension with its coordinator audit row (same host, LV and size, in send order), once the rows carry
    /// their durations; the round trip split as the latency phase splits it (<see cref="Breakdown"/>).
    /// </summary>
    private static async Task<List<GrowthExtension>> JoinAuditAsync(string connectionString, List<GrowthExtension> trace, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        IReadOnlyList<AuditRow> audit;
        while (true)
        {
            audit = await AuditReader.ReadAsync(connectionString, PoolId, cancellationToken);
            if ((audit.Count >= trace.Count && audit.All(r => r.TotalSeconds is not null)) || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }

        var rows = audit
            .GroupBy(r => (r.HostId, r.VolumeId, r.RequestedMib))
            .ToDictionary(g => g.Key, g => new Queue<AuditRow>(g.OrderBy(r => r.RequestId)));
        var joined = new List<GrowthExtension>();
        foreach (var e in trace.OrderBy(e => e.SentAt))
        {
            if (rows.TryGetValue((e.HostId, e.VolumeId, e.RequestedMib), out var queue) && queue.TryDequeue(out var row))
            {
                var sample = new ExtensionSample(LoadPhase.Steady, e.HostId, e.VolumeId, e.RequestedMib, e.SentAt, TimeSpan.Zero, ExtensionOutcome.Extended,
                    TimeSpan.FromMilliseconds(e.RoundTripMs), TimeSpan.FromMilliseconds(e.RefreshMs), e.RefreshReads, TimeSpan.Zero);
                joined.Add(e with { Coordinator = Breakdown.Of(sample, row) });
            }
            else
            {
                joined.Add(e);
            }
        }

        return [.. joined.OrderBy(e => e.AtSeconds)];
    }

    private static string F(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
