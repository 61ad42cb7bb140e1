using Dapper;
using LvExtend.TestSupport;
using Shared.Mailbox;
using Spm.Coordinator.Admin;
using Spm.Coordinator.IntegrationTests.Support;
using Xunit.Abstractions;

namespace Spm.Coordinator.IntegrationTests;

/// <summary>The admin operations (CoordinatorAdmin) on a real leader: extend, policy, limits, unknown opcodes.</summary>
[Collection(LvmTestGroup.Name)]
public sealed class AdminOperationsTests(ITestOutputHelper output)
{
    private const long Mib = 1024 * 1024;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ExtendVolume_OnTheLeader_RunsThePipelineWithTheSameCap()
    {
        await using var env = await TestEnvironment.CreateAsync();
        var volume = env.CreateVolume(8, capacityMib: 100);
        await using var coordinator = await InProcessCoordinator.StartAsync(env.LaunchOptions("c1"), output);
        await coordinator.WaitForLeadershipAsync(Timeout);
        var admin = coordinator.Admin;

        var grown = await admin.ExtendVolumeAsync(env.DomainId, volume, 40, CancellationToken.None);
        var again = await admin.ExtendVolumeAsync(env.DomainId, volume, 40, CancellationToken.None);
        var capped = await admin.ExtendVolumeAsync(env.DomainId, volume, 200, CancellationToken.None);
        var missing = await admin.ExtendVolumeAsync(env.DomainId, Guid.NewGuid(), 40, CancellationToken.None);
        var zero = await admin.ExtendVolumeAsync(env.DomainId, volume, 0, CancellationToken.None);
        var otherDomain = await admin.ExtendVolumeAsync(Guid.NewGuid(), volume, 40, CancellationToken.None);

        Assert.Equal((ExtendRequestState.Done, 8 * Mib, 40 * Mib), (grown.Value!.State, grown.Value.SizeBeforeBytes, grown.Value.SizeAfterBytes));
        Assert.Equal((ExtendRequestState.Done, "already large enough"), (again.Value!.State, again.Value.Reason));
        Assert.Equal(ExtendRequestState.Rejected, capped.Value!.State);
        Assert.Contains("cap", capped.Value.Reason, StringComparison.Ordinal);
        Assert.Equal(ExtendRequestState.Rejected, missing.Value!.State);
        Assert.Equal(AdminErrorCode.InvalidArgument, zero.Error!.Code);
        Assert.Equal(AdminErrorCode.NotFound, otherDomain.Error!.Code);
        Assert.Equal(40 * Mib, env.Vg.GetLvSizeBytes(volume.ToString()));
        var rows = (await admin.ListRequestsAsync(null, null, volume, 10, CancellationToken.None)).Value!;
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Equal(ExtendRequestSource.Admin, r.Source));
    }

    [Fact]
    public async Task Mutations_OnAStandby_FailWithNotLeader()
    {
        await using var env = await TestEnvironment.CreateAsync();
        var volume = env.CreateVolume(8, 100);
        await using var leader = await InProcessCoordinator.StartAsync(env.LaunchOptions("c1"), output);
        await leader.WaitForLeadershipAsync(Timeout);
        await using var standby = await InProcessCoordinator.StartAsync(env.LaunchOptions("c2"), output);
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var extend = await standby.Admin.ExtendVolumeAsync(env.DomainId, volume, 40, CancellationToken.None);
        var policy = await standby.Admin.SetPolicyAsync(new PolicyUpdate(CapFactor: 1.2), CancellationToken.None);
        var addPv = await standby.Admin.AddPhysicalVolumeAsync(env.DomainId, "/dev/loop999", force: false, CancellationToken.None);
        var status = (await standby.Admin.GetStatusAsync(CancellationToken.None)).Value!;

        Assert.Equal(AdminErrorCode.NotLeader, extend.Error!.Code);
        Assert.Equal(AdminErrorCode.NotLeader, policy.Error!.Code);
        Assert.Contains("the leader is c1", policy.Error.Message, StringComparison.Ordinal);
        Assert.Equal(AdminErrorCode.NotLeader, addPv.Error!.Code);
        Assert.Equal((CoordinatorRole.Standby, "c1", 1L), (status.Role, status.LeaseHolder, status.LeaseEpoch));
        Assert.Equal(8 * Mib, env.Vg.GetLvSizeBytes(volume.ToString()));
    }

    [Fact]
    public async Task SetPolicy_AppliesLiveAndPersists()
    {
        await using var env = await TestEnvironment.CreateAsync();
        var volume = env.CreateVolume(8, capacityMib: 100);
        var config = env.LaunchOptions("c1");
        await using (var coordinator = await InProcessCoordinator.StartAsync(config, output))
        {
            await coordinator.WaitForLeadershipAsync(Timeout);
            await using var host = await HostSide.StartAsync(env.Mailbox, hostId: 1);
            Assert.False((await host.ExtendAsync(env.DomainId, volume, 140, Timeout)).Succeeded); // cap 112 MiB

            var set = await coordinator.Admin.SetPolicyAsync(
                new PolicyUpdate(CapFactor: 1.5, MailboxEventInterval: TimeSpan.FromMilliseconds(20)), CancellationToken.None);
            Assert.True(set.Succeeded, set.Error?.Message);
            Assert.Equal(1.5, set.Value!.CapFactor);

            // The mailbox restarted with the new interval and the new cap applies at once.
            Assert.True((await host.ExtendAsync(env.DomainId, volume, 140, Timeout)).Succeeded);
            var invalid = await coordinator.Admin.SetPolicyAsync(new PolicyUpdate(CapFactor: 0.5), CancellationToken.None);
            Assert.Equal(AdminErrorCode.InvalidArgument, invalid.Error!.Code);
        }

        await using var restarted = await InProcessCoordinator.StartAsync(config, output);
        var policy = (await restarted.Admin.GetPolicyAsync(CancellationToken.None)).Value!;
        Assert.Equal((1.5, TimeSpan.FromMilliseconds(20)), (policy.CapFactor, policy.MailboxEventInterval));
    }

    [Fact]
    public async Task HostLimits_AHostOverItsBurst_IsRejectedWithTheReason()
    {
        await using var env = await TestEnvironment.CreateAsync();
        var volume = env.CreateVolume(8, capacityMib: 1000);
        var config = env.LaunchOptions("c1") with
        {
            HostRequestsPerSecond = 0.01,
            HostRequestBurst = 2,
        };
        await using var coordinator = await InProcessCoordinator.StartAsync(config, output);
        await coordinator.WaitForLeadershipAsync(Timeout);
        await using var noisy = await HostSide.StartAsync(env.Mailbox, hostId: 1);
        await using var quiet = await HostSide.StartAsync(env.Mailbox, hostId: 2);

        Assert.True((await noisy.ExtendAsync(env.DomainId, volume, 16, Timeout)).Succeeded);
        Assert.True((await noisy.ExtendAsync(env.DomainId, volume, 20, Timeout)).Succeeded);
        Assert.False((await noisy.ExtendAsync(env.DomainId, volume, 24, Timeout)).Succeeded);
        Assert.True((await quiet.ExtendAsync(env.DomainId, volume, 24, Timeout)).Succeeded);

        var rejected = Assert.Single((await coordinator.Admin.ListRequestsAsync(ExtendRequestState.Rejected, 1, null, 10, CancellationToken.None)).Value!);
        Assert.Contains("rate limit", rejected.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChecksumError_IsCountedForTheHost_AndTheRequestIsNotServed()
    {
        await using var env = await TestEnvironment.CreateAsync();
        var volume = env.CreateVolume(8, 1024);
        await using var coordinator = await InProcessCoordinator.StartAsync(env.LaunchOptions("c1"), output);
        await coordinator.WaitForLeadershipAsync(Timeout);

        RawInbox.WriteCorruptBlock(env.Mailbox, new MessageId(7, 0), new ExtendMessage(env.DomainId, volume, 64));
        var host = await Eventually.ValueAsync(
            async () => (await coordinator.Admin.ListHostsAsync(CancellationToken.None)).Value!.SingleOrDefault(h => h.HostId == 7),
            h => h is not null,
            "host 7's checksum error is counted",
            Timeout,
            pollInterval: TimeSpan.FromMilliseconds(50));

        Assert.True(host!.ChecksumErrors >= 1);
        Assert.Equal(0, host.Requests);
        Assert.Equal(8 * Mib, env.Vg.GetLvSizeBytes(volume.ToString()));
    }

    [Fact]
    public async Task UnknownOpcode_IsRecordedAndLeftUnanswered()
    {
        await using var env = await TestEnvironment.CreateAsync();
        await using var coordinator = await InProcessCoordinator.StartAsync(env.LaunchOptions("c1"), output);
        await coordinator.WaitForLeadershipAsync(Timeout);
        var slot = new byte[MailboxLayout.MessageSize];
        "2frob"u8.CopyTo(slot);
        slot.AsSpan(5).Fill((byte)'7');

        RawInbox.WriteSlot(env.Mailbox, new MessageId(2, 5), slot);
        var ignored = await Eventually.ValueAsync(
            async () => (await coordinator.Admin.ListRequestsAsync(ExtendRequestState.Ignored, null, null, 10, CancellationToken.None)).Value!,
            rows => rows.Count > 0,
            "the unknown message is recorded",
            Timeout,
            pollInterval: TimeSpan.FromMilliseconds(50));

        var row = Assert.Single(ignored);
        Assert.Equal((2, 5), (row.HostId, row.Slot));
        Assert.Contains("unknown opcode", row.Reason, StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.All(env.Mailbox.ReadOutboxSlot(new MessageId(2, 5)), b => Assert.Equal(0, b));
        await using var connection = await env.Database.OpenConnectionAsync();
        var payload = await connection.ExecuteScalarAsync<byte[]>("SELECT payload FROM extend_requests WHERE request_id = @Id", new { row.Id });
        Assert.Equal(slot, payload);
    }
}
