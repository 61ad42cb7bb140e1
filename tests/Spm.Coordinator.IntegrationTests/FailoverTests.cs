using System.Diagnostics;
using Dapper;
using LvExtend.TestSupport;
using LvExtend.TestSupport.Coordinator;
using Npgsql;
using Shared.Mailbox;
using Spm.Coordinator.IntegrationTests.Support;
using Xunit.Abstractions;

namespace Spm.Coordinator.IntegrationTests;

/// <summary>Two real coordinator processes on one pool: election, SIGKILL failover, a SIGSTOPped leader fenced out.</summary>
[Collection(LvmTestGroup.Name)]
public sealed class FailoverTests(ITestOutputHelper output)
{
    private const long Mib = 1024 * 1024;
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task TwoCoordinators_ExactlyOneLeads_AndServes()
    {
        await using var env = await TestEnvironment.CreateAsync();
        var volume = env.CreateVolume(8, 1024);
        await using var first = env.StartProcess("c1", output);
        await first.WaitForLeadershipAsync(Timeout);
        await using var second = env.StartProcess("c2", output);
        await second.WaitForCompetingAsync(Timeout);
        await using var host = await HostSide.StartAsync(env.Mailbox, hostId: 1);

        var reply = await host.ExtendAsync(env.DomainId, volume, 32, Timeout);
        await Task.Delay(Ttl); // a full TTL: the standby keeps trying and must not win

        Assert.True(reply.Succeeded);
        Assert.DoesNotContain(second.Process.Lines, l => l.Contains("Leading with epoch", StringComparison.Ordinal));
        var lease = await ReadLeaseAsync(env);
        Assert.Equal(("c1", 1L, false), (lease.Holder, lease.Epoch, lease.Expired));
        Assert.Equal(["c1"], await QueryAsync<string>(env, "SELECT DISTINCT instance_id FROM extend_requests"));
    }

    [Fact]
    public async Task LeaderWhoseTermCannotStart_ReleasesAndBacksOff_TheHealthyStandbyLeadsAndServes()
    {
        await using var env = await TestEnvironment.CreateAsync();
        var volume = env.CreateVolume(8, 1024);
        var missingInbox = Path.Combine(Path.GetDirectoryName(env.Mailbox.InboxPath)!, "no-such-inbox");
        await using var broken = env.StartProcess("broken", output, o => o with { InboxPath = missingInbox });
        await broken.WaitForLeadershipAsync(Timeout);
        await using var healthy = env.StartProcess("healthy", output);
        await healthy.WaitForCompetingAsync(Timeout);

        var epoch = await healthy.WaitForLeadershipAsync(Timeout);
        await healthy.WaitForServingAsync(Timeout);
        await using var host = await HostSide.StartAsync(env.Mailbox, hostId: 1);
        var reply = await host.ExtendAsync(env.DomainId, volume, 32, Timeout);
        await Task.Delay(Ttl); // the broken one keeps backing off: it must not take the lease back

        Assert.True(reply.Succeeded);
        Assert.Equal(32 * Mib, env.Vg.GetLvSizeBytes(volume.ToString()));
        var lease = await ReadLeaseAsync(env);
        Assert.Equal(("healthy", epoch, false), (lease.Holder, lease.Epoch, lease.Expired));
        Assert.InRange(epoch, 2, 4); // not one epoch per second of the broken instance
        Assert.Contains(broken.Process.Lines, l => l.Contains("the term could not start", StringComparison.Ordinal));
        // It released the lease (or, on a loaded machine whose renewals were slower than the TTL, let it expire),
        // then stayed out of the election: the healthy standby got the lease and kept it.
        Assert.Contains(broken.Process.Lines, l => l.Contains("Not competing for the lease", StringComparison.Ordinal));
        Assert.DoesNotContain(broken.Process.Lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
        Assert.Equal(["healthy"], await QueryAsync<string>(env, "SELECT DISTINCT instance_id FROM extend_requests"));
    }

    [Fact]
    public async Task StepDownThenSigterm_EachHandsTheLeaseOverAtOnce_AndTheNewLeaderServes()
    {
        const string token = "failover-it-4f9c2e71d0b35a68";
        await using var env = await TestEnvironment.CreateAsync();
        var volume = env.CreateVolume(8, 1024);
        var port = TcpPorts.NextFree();
        await using var first = env.StartProcess("c1", output, o => o with { AdminToken = token, ListenPort = port });
        await first.WaitForLeadershipAsync(Timeout);
        await first.WaitForServingAsync(Timeout);
        await using var second = env.StartProcess("c2", output);
        await second.WaitForCompetingAsync(Timeout);
        using var admin = new Grpc.AdminTestClient(new Uri($"http://127.0.0.1:{port}"));

        var asked = Stopwatch.StartNew();
        var stepDown = await admin.StepDownAsync(token);
        var epoch = await second.WaitForLeadershipAsync(Timeout);
        var stepDownHandover = asked.Elapsed;
        await second.WaitForServingAsync(Timeout);
        await using var host = await HostSide.StartAsync(env.Mailbox, hostId: 1);
        Assert.True((await host.ExtendAsync(env.DomainId, volume, 16, Timeout)).Succeeded);

        var fromLine = first.Process.LineCount;
        second.Process.Signal(ProcessSignal.Terminate);
        var terminated = Stopwatch.StartNew();
        var third = await first.WaitForLeadershipAsync(Timeout, fromLine);
        var sigtermHandover = terminated.Elapsed;
        await first.WaitForServingAsync(Timeout, fromLine);
        Assert.True((await host.ExtendAsync(env.DomainId, volume, 32, Timeout)).Succeeded);

        output.WriteLine($"handover: step-down {stepDownHandover.TotalMilliseconds:F0} ms, SIGTERM {sigtermHandover.TotalMilliseconds:F0} ms (to the new leader's acquisition)");
        Assert.Equal((true, 1L), (stepDown.SteppedDown, stepDown.Epoch));
        Assert.Equal((2L, 3L), (epoch, third));
        Assert.Contains(first.Process.Lines, l => l.Contains("Released the lease of epoch 1", StringComparison.Ordinal));
        Assert.Contains(second.Process.Lines, l => l.Contains("Released the lease of epoch 2", StringComparison.Ordinal));
        Assert.Equal(0, await second.Process.WaitForExitAsync(Timeout));
        Assert.Equal(32 * Mib, env.Vg.GetLvSizeBytes(volume.ToString()));
    }

    [Fact]
    public async Task SigkillLeader_StandbyAnswersThePendingRequestsWithinTtlPlusTwoSeconds()
    {
        await using var env = await TestEnvironment.CreateAsync();
        var volumes = Enumerable.Range(0, 3).Select(_ => env.CreateVolume(8, 1024)).ToList();
        await using var first = env.StartProcess("c1", output);
        await first.WaitForLeadershipAsync(Timeout);
        await first.WaitForServingAsync(Timeout);
        await using var second = env.StartProcess("c2", output);
        await second.WaitForCompetingAsync(Timeout);
        await using var host = await HostSide.StartAsync(env.Mailbox, hostId: 2);
        Assert.True((await host.ExtendAsync(env.DomainId, volumes[0], 16, Timeout)).Succeeded);

        first.Process.Signal(ProcessSignal.Kill);
        var killed = Stopwatch.StartNew();
        var pending = volumes.Select(v => host.Send(env.DomainId, v, 64, CancellationToken.None)).ToList();
        var replies = await Task.WhenAll(pending).WaitAsync(Timeout);
        var failover = killed.Elapsed;

        output.WriteLine($"failover: all {replies.Length} pending requests answered {failover.TotalSeconds:F2} s after SIGKILL");
        Assert.All(replies, r => Assert.True(r.Succeeded));
        Assert.All(volumes, v => Assert.Equal(64 * Mib, env.Vg.GetLvSizeBytes(v.ToString())));
        Assert.True(failover <= Ttl + TimeSpan.FromSeconds(2), $"failover took {failover.TotalSeconds:F2} s");
        var lease = await ReadLeaseAsync(env);
        Assert.Equal(("c2", 2L), (lease.Holder, lease.Epoch));
        var served = await QueryAsync<string>(env,
            "SELECT instance_id || ':' || epoch FROM extend_requests WHERE state = 'done' AND requested_mib = 64");
        Assert.Equal(["c2:2", "c2:2", "c2:2"], served);
    }

    [Fact]
    public async Task SigstopLeaderPastItsLease_TakeoverThenSigcont_TheOldLeaderChangesNothing()
    {
        await using var env = await TestEnvironment.CreateAsync(pvSizeGiB: 1);
        var served = env.CreateVolume(8, 1024);
        var starving = env.CreateVolume(8, 4096);
        await using var first = env.StartProcess("c1", output);
        await first.WaitForLeadershipAsync(Timeout);
        await first.WaitForServingAsync(Timeout);
        await using var second = env.StartProcess("c2", output);
        await second.WaitForCompetingAsync(Timeout);

        first.Process.Signal(ProcessSignal.Stop);
        var stopped = Stopwatch.StartNew();

        // While c1 is stopped: one request c2 can serve, and one that must wait for space (it stays pending:
        // whoever leads would try to extend it).
        var servedMessage = new ExtendMessage(env.DomainId, served, 64);
        RawInbox.WriteExtend(env.Mailbox, new MessageId(3, 0), servedMessage);
        await second.WaitForLeadershipAsync(Timeout);
        Assert.True(await RawInbox.WaitForReplyAsync(env.Mailbox, new MessageId(3, 0), servedMessage, Timeout));
        var freeMib = env.Vg.GetVg().FreeBytes / Mib;
        RawInbox.WriteExtend(env.Mailbox, new MessageId(3, 1), new ExtendMessage(env.DomainId, starving, (ulong)freeMib + 64));
        await Eventually.TrueAsync(
            async () => (await QueryAsync<string>(env, "SELECT state FROM extend_requests WHERE volume_id = @V", new { V = starving })).Contains("waiting_for_space"),
            "the starving request waits for space",
            Timeout,
            pollInterval: TimeSpan.FromMilliseconds(50));
        if (stopped.Elapsed < Ttl)
        {
            await Task.Delay(Ttl - stopped.Elapsed);
        }

        var seqno = env.Vg.GetVg().SeqNo;
        var outbox = env.Mailbox.ReadOutbox();
        var rowsByC1 = await CountByInstanceAsync(env, "c1");
        var resumedAt = first.Process.LineCount;
        first.Process.Signal(ProcessSignal.Continue);

        await first.Process.WaitForLineAsync(l => l.Contains("Epoch 1 ended", StringComparison.Ordinal), Timeout, resumedAt);
        await Task.Delay(TimeSpan.FromSeconds(3)); // let c1 run its timers, scans and queued work, if any

        var afterResume = first.Process.Lines.Skip(resumedAt).ToList();
        Assert.DoesNotContain(afterResume, l => l.Contains("lvm lvextend", StringComparison.Ordinal));
        Assert.DoesNotContain(afterResume, l => l.Contains("Leading with epoch", StringComparison.Ordinal));
        Assert.Equal(seqno, env.Vg.GetVg().SeqNo);
        Assert.Equal(outbox, env.Mailbox.ReadOutbox());
        Assert.Equal(rowsByC1, await CountByInstanceAsync(env, "c1"));
        var lease = await ReadLeaseAsync(env);
        Assert.Equal(("c2", 2L, false), (lease.Holder, lease.Epoch, lease.Expired));
        Assert.Equal(64 * Mib, env.Vg.GetLvSizeBytes(served.ToString()));
        Assert.Equal(8 * Mib, env.Vg.GetLvSizeBytes(starving.ToString()));
    }

    [Fact]
    public async Task LeaseTakenBehindTheLeadersBack_TheNextRequestIsFencedOut_NoLvextendNoRowNoReply()
    {
        await using var env = await TestEnvironment.CreateAsync();
        var volume = env.CreateVolume(8, 1024);
        // A long lease and rare renewals: the leader keeps believing it leads while the row says otherwise.
        var config = env.LaunchOptions("c1") with
        {
            Lease = new CoordinatorLeaseTimings { Ttl = TimeSpan.FromMinutes(1), RenewInterval = TimeSpan.FromSeconds(29) },
        };
        await using var coordinator = await InProcessCoordinator.StartAsync(config, output);
        await coordinator.WaitForLeadershipAsync(Timeout);
        await using (var connection = await env.Database.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                "UPDATE leases SET holder = 'intruder', epoch = epoch + 1, expires_at = now() + interval '1 minute' WHERE pool_id = @P",
                new { P = env.PoolId });
        }

        var seqno = env.Vg.GetVg().SeqNo;
        var rows = await QueryAsync<long>(env, "SELECT count(*) FROM extend_requests");
        var message = new ExtendMessage(env.DomainId, volume, 64);
        RawInbox.WriteExtend(env.Mailbox, new MessageId(1, 0), message);

        await Eventually.TrueAsync(() => !coordinator.Leadership.IsLeader, "the fenced-out coordinator no longer leads", Timeout, pollInterval: TimeSpan.FromMilliseconds(50));
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Equal(seqno, env.Vg.GetVg().SeqNo);
        Assert.Equal(8 * Mib, env.Vg.GetLvSizeBytes(volume.ToString()));
        Assert.Equal(rows, await QueryAsync<long>(env, "SELECT count(*) FROM extend_requests"));
        Assert.All(env.Mailbox.ReadOutboxSlot(new MessageId(1, 0)), b => Assert.Equal(0, b));
    }

    private static async Task<(long Requests, long Events)> CountByInstanceAsync(TestEnvironment env, string instance)
    {
        await using var connection = await env.Database.OpenConnectionAsync();
        return await connection.QuerySingleAsync<(long, long)>(
            "SELECT (SELECT count(*) FROM extend_requests WHERE instance_id = @I), (SELECT count(*) FROM request_events WHERE instance_id = @I)",
            new { I = instance });
    }

    private static async Task<(string Holder, long Epoch, bool Expired)> ReadLeaseAsync(TestEnvironment env)
    {
        await using var connection = await env.Database.OpenConnectionAsync();
        return await connection.QuerySingleAsync<(string, long, bool)>(
            "SELECT holder, epoch, expires_at <= now() FROM leases WHERE pool_id = @P", new { P = env.PoolId });
    }

    private static async Task<List<T>> QueryAsync<T>(TestEnvironment env, string sql, object? parameters = null)
    {
        await using var connection = await env.Database.OpenConnectionAsync();
        return (await connection.QueryAsync<T>(sql, parameters)).ToList();
    }
}
