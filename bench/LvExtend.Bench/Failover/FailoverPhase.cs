using System.Diagnostics;
using System.Globalization;
using LvExtend.Bench.Coordinator;
using LvExtend.Bench.Lvm;
using LvExtend.Bench.Measurement;
using LvExtend.Bench.Report;
using LvExtend.Bench.Simulation;
using LvExtend.TestSupport;
using Microsoft.Extensions.Logging;

namespace LvExtend.Bench.Failover;

/// <summary>
/// Two coordinators of one pool on one database and one mailbox (tuned timings, lease settings as shipped): the
/// leader serves the steady load, the standby competes; after a while the leader is SIGKILLed (a crash: no step
/// down, its lease must expire) and the standby takes over. Measured from the hosts' side: time to the first
/// answer after the kill, how long the pending requests waited, how many were answered late, timeouts, pauses.
/// Then the graceful hand-overs (<see cref="GracefulHandover"/>): the new leader gets SIGTERM with a third coordinator
/// waiting, and that one is asked to step down (the admin call) with a fourth waiting.
/// </summary>
internal sealed class FailoverPhase(
    BenchSettings settings, BenchVolumeGroup vg, Guid domainId, IReadOnlyList<(int HostId, Guid VolumeId)> volumes,
    ILoggerFactory loggerFactory, TextWriter progress)
{
    public const double TargetSeconds = 3;
    public const double GracefulTargetSeconds = 1;
    public const double LateThresholdMs = 1000;
    private const string PoolId = "bench";
    private const string AdminToken = "bench-failover-admin-token";
    private static readonly TimeSpan TakeoverTimeout = TimeSpan.FromSeconds(60);

    public async Task<FailoverReport> ExecuteAsync(double rateMibps, string runDirectory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(runDirectory);
        var maxHosts = Math.Max(250, settings.Hosts);
        var inbox = Path.Combine(runDirectory, "inbox");
        var outbox = Path.Combine(runDirectory, "outbox");
        LoadRun.CreateMailboxFile(inbox, maxHosts);
        LoadRun.CreateMailboxFile(outbox, maxHosts);
        await using var database = await PostgresDatabase.CreateAsync(cancellationToken);
        var profile = settings.Tuned;
        CoordinatorLaunch Launch(string instance) => new(
            database.ConnectionString, PoolId, inbox, outbox, maxHosts, profile, domainId, vg.Name, vg.Devices, Path.Combine(runDirectory, instance), instance, AppDirectory: settings.CoordinatorDirectory);
        await using var leader = await CoordinatorProcess.StartAsync(Launch("failover-a"), cancellationToken);
        await using var standby = await CoordinatorProcess.StartAsync(Launch("failover-b"), cancellationToken, standby: true);
        progress.WriteLine(F($"[failover] leader pid {leader.Pid}, standby pid {standby.Pid}; the leader is SIGKILLed after {settings.FailoverKillAfter.TotalSeconds:0} s of load"));

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

                var volume = host.AddVolume(volumeId, context);
                var physicalMib = sizes[volumeId.ToString()] / (1024.0 * 1024);
                volume.Reset(sizes[volumeId.ToString()], physicalMib - settings.LimitMib - (random.NextDouble() * settings.ChunkMib));
            }

            var all = hosts.SelectMany(h => h.Volumes).ToList();
            var start = context.Now;
            var end = start + settings.FailoverDuration;
            var load = Task.WhenAll(all.Select(v => v.RunSteadyAsync(end, cancellationToken)));
            await Task.Delay(settings.FailoverKillAfter, cancellationToken);
            var standbyLines = standby.LineCount;
            var killAt = context.Now;
            leader.Kill();
            progress.WriteLine(F($"[failover] leader killed at {(killAt - start).TotalSeconds:0.0} s"));
            var takeover = double.NaN;
            try
            {
                await standby.WaitForLineAsync(CoordinatorProcess.ServingLine, TakeoverTimeout, standbyLines, cancellationToken);
                takeover = (context.Now - killAt).TotalSeconds;
                progress.WriteLine(F($"[failover] the standby serves the mailbox {takeover:0.00} s after the kill"));
            }
            catch (TimeoutException)
            {
                progress.WriteLine(F($"[failover] the standby did not take over within {TakeoverTimeout.TotalSeconds:0} s"));
            }

            await load;
            var graceful = await MeasureGracefulAsync(Launch, standby, cancellationToken);
            return Analyze([.. context.Samples], killAt - start, killAt, takeover, rateMibps, graceful);
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// SIGTERM of <paramref name="leader"/> with a third coordinator waiting, then a step-down of that one with a fourth
    /// waiting; each timed from the signal or call to the next leader's lines. Every coordinator started here is
    /// stopped before it returns.
    /// </summary>
    private async Task<IReadOnlyList<GracefulHandover>> MeasureGracefulAsync(Func<string, CoordinatorLaunch> launch, CoordinatorProcess leader, CancellationToken cancellationToken)
    {
        await using var third = await CoordinatorProcess.StartAsync(launch("failover-c") with { AdminToken = AdminToken }, cancellationToken, standby: true);
        var sigterm = await HandOverAsync("SIGTERM", leader, third, leader.StopAsync, cancellationToken);
        await using var fourth = await CoordinatorProcess.StartAsync(launch("failover-d"), cancellationToken, standby: true);
        var stepDown = await HandOverAsync("step-down", third, fourth, () => AdminClient.StepDownAsync(third.Address, AdminToken, cancellationToken), cancellationToken);
        await fourth.StopAsync();
        await third.StopAsync();
        return [sigterm, stepDown];
    }

    private async Task<GracefulHandover> HandOverAsync(string how, CoordinatorProcess leader, CoordinatorProcess next, Func<Task> ask, CancellationToken cancellationToken)
    {
        var nextFrom = next.LineCount;
        var leaderFrom = leader.LineCount;
        var clock = Stopwatch.StartNew();
        var asked = ask();
        double lease = double.NaN, serving = double.NaN;
        try
        {
            await next.WaitForLineAsync(CoordinatorProcess.LeadingLine, TakeoverTimeout, nextFrom, cancellationToken);
            lease = clock.Elapsed.TotalSeconds;
            await next.WaitForLineAsync(CoordinatorProcess.ServingLine, TakeoverTimeout, nextFrom, cancellationToken);
            serving = clock.Elapsed.TotalSeconds;
        }
        catch (TimeoutException)
        {
            progress.WriteLine(F($"[failover] {how}: the standby did not lead and serve within {TakeoverTimeout.TotalSeconds:0} s"));
        }

        await asked;
        var released = true;
        try
        {
            await leader.WaitForLineAsync(CoordinatorProcess.ReleasedLine, TimeSpan.FromSeconds(5), leaderFrom, cancellationToken);
        }
        catch (TimeoutException)
        {
            released = false;
        }

        progress.WriteLine(F($"[failover] {how}: the standby took the lease {lease:0.00} s and served the mailbox {serving:0.00} s after it; the old leader {(released ? "released the lease" : "did NOT log a release")}"));
        return new GracefulHandover(how, lease, serving, released);
    }

    private FailoverReport Analyze(List<ExtensionSample> samples, TimeSpan killAfter, TimeSpan killAt, double takeover, double rateMibps, IReadOnlyList<GracefulHandover> graceful)
    {
        var answered = samples.Where(s => s.Outcome != ExtensionOutcome.TimedOut).ToList();
        var afterKill = answered.Where(s => s.ReplyOffset > killAt).ToList();
        var firstAnswer = afterKill.Count == 0 ? (TimeSpan?)null : afterKill.Min(s => s.ReplyOffset);
        var pending = samples.Where(s => s.SentOffset < killAt && (s.Outcome == ExtensionOutcome.TimedOut || s.ReplyOffset > killAt)).ToList();
        var duringOutage = samples.Where(s => s.SentOffset >= killAt && (firstAnswer is null || s.SentOffset < firstAnswer)).ToList();
        var waited = pending.Concat(duringOutage).Where(s => s.Outcome != ExtensionOutcome.TimedOut)
            .Select(s => (s.ReplyOffset - (s.SentOffset > killAt ? s.SentOffset : killAt)).TotalMilliseconds);
        var waitedMs = Distribution.Of(waited);
        var firstSeconds = firstAnswer is { } f ? (f - killAt).TotalSeconds : double.NaN;
        TargetResult[] targets =
        [
            new(F($"first answer by the standby <= {TargetSeconds} s after SIGKILL"), F($"{firstSeconds:0.00} s"), firstSeconds <= TargetSeconds,
                F($"the standby served the mailbox {takeover:0.00} s after the kill (lease expiry and takeover); {pending.Count} requests were pending")),
            new(F($"pending requests answered <= {TargetSeconds} s after SIGKILL (p50)"), F($"{waitedMs.P50 / 1000:0.00} s (max {waitedMs.Max / 1000:0.00} s)"),
                waitedMs.P50 <= TargetSeconds * 1000, F($"{pending.Count} pending at the kill, {duringOutage.Count} sent before the first answer")),
            .. graceful.Select(g => new TargetResult(
                F($"graceful hand-over ({g.How}) <= {GracefulTargetSeconds} s"), F($"{g.LeaseSeconds:0.00} s"), g.LeaseSeconds <= GracefulTargetSeconds && g.OldLeaderReleased,
                F($"from the {(g.How == "SIGTERM" ? "signal" : "admin call")} to the standby's lease; serving the mailbox {g.ServingSeconds:0.00} s after it; the old leader {(g.OldLeaderReleased ? "released the lease" : "did not release the lease")}"))),
        ];
        return new FailoverReport(
            settings.FailoverDuration.TotalSeconds,
            killAfter.TotalSeconds,
            takeover,
            firstSeconds,
            pending.Count,
            duringOutage.Count,
            waitedMs,
            LateThresholdMs,
            samples.Count(s => s.Outcome != ExtensionOutcome.TimedOut && s.RoundTrip.TotalMilliseconds > LateThresholdMs),
            samples.Count(s => s.Outcome == ExtensionOutcome.TimedOut),
            samples.Count(s => s.Pause > TimeSpan.Zero),
            settings.LimitMib / rateMibps,
            Distribution.Of(answered.Where(s => s.ReplyOffset <= killAt).Select(s => s.RoundTrip.TotalMilliseconds)),
            Distribution.Of(answered.Where(s => firstAnswer is not null && s.SentOffset > firstAnswer).Select(s => s.RoundTrip.TotalMilliseconds)),
            samples.Count(s => s.Outcome == ExtensionOutcome.Extended),
            graceful,
            targets);
    }

    private static string F(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
