using System.Globalization;
using Hsm.Agent.Extension;
using Hsm.Agent.Options;
using LvExtend.Bench.Coordinator;
using LvExtend.Bench.Lvm;
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
            var end = context.Now + settings.GrowthDuration;
            await Task.WhenAll(all.Select(v => v.RunAsync(end, cancellationToken)));
            var results = all.Select(v => v.Result()).ToList();
            var problems = coordinator.Problems();
            await coordinator.StopAsync();
            return GrowthReport.Of(settings, adaptive, results, problems, tracker.P99(adaptive).TotalMilliseconds, tracker.Count);
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
