using LvExtend.Bench.Coordinator;
using LvExtend.Bench.Lvm;
using LvExtend.Bench.Measurement;
using LvExtend.TestSupport;
using Microsoft.Extensions.Logging;
using Shared.Mailbox;

namespace LvExtend.Bench.Simulation;

/// <summary>
/// One run of the load against a fresh coordinator process and database: the steady phase (watermarks growing
/// at the set rate), then the burst (every volume asks at once), then the audit trail is read back.
/// </summary>
internal sealed class LoadRun(
    BenchSettings settings, BenchVolumeGroup vg, RawLvextendProbe probe, Guid domainId, IReadOnlyList<(int HostId, Guid VolumeId)> volumes,
    ILoggerFactory loggerFactory, TextWriter progress)
{
    private const string PoolId = "bench";
    private const int WarmUpRequests = 20;
    private static readonly TimeSpan AuditSettleTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Runs the load with <paramref name="profile"/>'s timings.</summary>
    public async Task<RunData> ExecuteAsync(
        TimingProfile profile, double rateMibps, string runDirectory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(runDirectory);
        var maxHosts = Math.Max(250, settings.Hosts);
        var inbox = Path.Combine(runDirectory, "inbox");
        var outbox = Path.Combine(runDirectory, "outbox");
        CreateMailboxFile(inbox, maxHosts);
        CreateMailboxFile(outbox, maxHosts);

        await using var database = await PostgresDatabase.CreateAsync(cancellationToken);
        await using var coordinator = await CoordinatorProcess.StartAsync(
            new CoordinatorLaunch(database.ConnectionString, PoolId, inbox, outbox, maxHosts, profile, domainId, vg.Name, vg.Devices, runDirectory, AppDirectory: settings.CoordinatorDirectory),
            cancellationToken);
        progress.WriteLine($"[{profile.Name}] coordinator pid {coordinator.Pid} leads and serves the mailbox ({profile.Describe()})");

        var sizes = await vg.ReadAllLvSizesAsync(cancellationToken);
        using var refresher = new VolumeRefresher(vg, settings.RefreshWithLocking);
        var context = new SimulationContext(settings, rateMibps, domainId, refresher);
        var hosts = new List<SimulatedHost>();
        try
        {
            var random = new Random(settings.Seed);
            var byHost = new Dictionary<int, SimulatedHost>();
            foreach (var (hostId, volumeId) in volumes)
            {
                if (!byHost.TryGetValue(hostId, out var host))
                {
                    host = await SimulatedHost.StartAsync(hostId, inbox, outbox, profile.HostPollInterval, loggerFactory, cancellationToken);
                    byHost[hostId] = host;
                    hosts.Add(host);
                }

                host.AddVolume(volumeId, context).Reset(sizes[volumeId.ToString()], 0);
            }

            var all = hosts.SelectMany(h => h.Volumes).ToList();
            // Warm-up (not measured): a few extensions through the whole path, so that the coordinator's
            // first-request costs (JIT, connection pool, LV cache) are not counted as its steady-state cost.
            await Task.WhenAll(all.Take(WarmUpRequests).Select(v => v.ExtendAsync(LoadPhase.WarmUp, cancellationToken)));
            foreach (var volume in all)
            {
                // First crossings spread evenly over one chunk's worth of growth: the steady state from the start.
                var physicalMib = volume.PhysicalBytes / (1024.0 * 1024);
                volume.Reset(volume.PhysicalBytes, physicalMib - settings.LimitMib - (random.NextDouble() * settings.ChunkMib));
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            var coordinatorBefore = coordinator.Sample();
            var benchBefore = ProcessStats.Read(Environment.ProcessId);
            var start = context.Now;
            using (var reporter = new ProgressReporter(profile.Name, context, hosts, progress))
            {
                var end = start + settings.SteadyDuration;
                await Task.WhenAll(all.Select(v => v.RunSteadyAsync(end, cancellationToken)));
            }

            var steadyElapsed = context.Now - start;
            // The ceiling, in the same run: sequential lvextends on the same VG, half right before the burst and
            // half right after it (the machine's speed drifts), with the coordinator alive but idle and the
            // simulated hosts quiet.
            var pauseStart = (Coordinator: coordinator.Sample(), Bench: ProcessStats.Read(Environment.ProcessId));
            var rawBefore = await probe.RunAsync((settings.RawCount + 1) / 2, cancellationToken);
            var pauseEnd = (Coordinator: coordinator.Sample(), Bench: ProcessStats.Read(Environment.ProcessId));
            var burstStart = context.Now;
            var unverified = new HashSet<Guid>();
            if (settings.Burst)
            {
                // Spread over the hosts: the first volume of every host, then the second, ...
                var burst = hosts.SelectMany(h => h.Volumes.Select((v, i) => (v, i))).OrderBy(x => x.i).ThenBy(x => x.v.HostId)
                    .Select(x => x.v).Take(settings.BurstSize).ToList();
                progress.WriteLine($"[{profile.Name}] burst: {burst.Count} volumes ask at once");
                await Task.WhenAll(burst.Select(v => v.ExtendAsync(LoadPhase.Burst, cancellationToken)));
                var after = await vg.ReadAllLvSizesAsync(cancellationToken);
                unverified = burst.Where(v => !v.VerifyAfterBurst(after[v.LvName])).Select(v => v.Id).ToHashSet();
            }

            var coordinatorAfter = coordinator.Sample();
            var benchAfter = ProcessStats.Read(Environment.ProcessId);
            var loadAverage = ProcessStats.LoadAverage();
            var raw = rawBefore.Merge(await probe.RunAsync(settings.RawCount / 2, cancellationToken));
            progress.WriteLine(F($"[{profile.Name}] raw lvextend around the burst: {raw.RatePerSecond:0.0}/s, mean {raw.DurationMs.Mean:0.0} ms"));
            await StopHostsAsync(hosts);
            var samples = context.Samples
                .Select(s => s.Phase == LoadPhase.Burst && s.Outcome == ExtensionOutcome.Extended && unverified.Contains(s.VolumeId)
                    ? s with { Outcome = ExtensionOutcome.NotVerified }
                    : s)
                .ToList();
            var audit = await ReadSettledAuditAsync(
                database.ConnectionString, samples.Count(s => s.Outcome != ExtensionOutcome.TimedOut), cancellationToken);
            var problems = coordinator.Problems();
            await coordinator.StopAsync();
            return new RunData(profile, rateMibps, raw, samples, audit, steadyElapsed, burstStart - start,
                new MeasuredWindow(coordinatorBefore, pauseStart.Coordinator, pauseEnd.Coordinator, coordinatorAfter),
                new MeasuredWindow(benchBefore, pauseStart.Bench, pauseEnd.Bench, benchAfter),
                problems, coordinator.LogFile, loadAverage);
        }
        finally
        {
            await StopHostsAsync(hosts);
        }
    }

    private static async Task StopHostsAsync(List<SimulatedHost> hosts)
    {
        foreach (var host in hosts)
        {
            await host.DisposeAsync();
        }

        hosts.Clear();
    }

    /// <summary>
    /// The coordinator records a request's reply and total durations just after writing the reply, so the host
    /// may see the reply first: wait until every row has them (or a timeout).
    /// </summary>
    private static async Task<IReadOnlyList<AuditRow>> ReadSettledAuditAsync(string connectionString, int expected, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + AuditSettleTimeout;
        while (true)
        {
            var rows = await AuditReader.ReadAsync(connectionString, PoolId, cancellationToken);
            var settled = rows.Count >= expected && rows.All(r => r.TotalSeconds is not null || r.State is not ("done" or "failed" or "rejected"));
            if (settled || DateTime.UtcNow > deadline)
            {
                return rows;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    private static string F(FormattableString value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A zeroed mailbox file of blocks 0..maxHosts (block 0 is the doorbell).</summary>
    public static void CreateMailboxFile(string path, int maxHosts)
    {
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        file.SetLength((maxHosts + 1L) * MailboxLayout.BlockSize);
    }
}
