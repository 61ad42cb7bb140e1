using Grpc.Core;
using Grpc.Health.V1;
using LvExtend.Admin.V1;

namespace Spm.Coordinator.IntegrationTests.Grpc;

/// <summary>The Admin service and grpc.health.v1 of a real coordinator (PostgreSQL, loop-device VG, Kestrel).</summary>
[Collection(GrpcTestsDefinition.Name)]
public sealed class AdminServiceTests(CoordinatorFixture fixture)
{
    private const long Mib = 1024 * 1024;

    private CoordinatorUnderTest C => fixture.Coordinator;

    [Fact]
    public async Task GetStatus_ReportsLeaderEpochLeaseAndVgFree()
    {
        var status = await C.Client.GetStatusAsync();
        var vg = C.VolumeGroup.GetVg();

        Assert.Equal(Role.Leader, status.Role);
        Assert.Equal(C.InstanceId, status.InstanceId);
        Assert.Equal(C.PoolId, status.Pool);
        Assert.True(status.Epoch > 0);
        Assert.Equal(C.InstanceId, status.Lease.Holder);
        Assert.Equal(status.Epoch, status.Lease.Epoch);
        Assert.False(status.Lease.Expired);
        Assert.True(status.Lease.ExpiresAt.ToDateTimeOffset() > DateTimeOffset.UtcNow.AddSeconds(-5));
        var group = Assert.Single(status.VolumeGroups);
        Assert.Equal(C.DomainId.ToString(), group.Domain);
        Assert.Equal(C.VolumeGroup.Name, group.VgName);
        Assert.Equal(vg.SizeBytes, group.SizeBytes);
        Assert.Equal(vg.FreeBytes, group.FreeBytes);
        Assert.Equal(string.Empty, group.Error);
    }

    [Fact]
    public async Task Health_Serving_NotServingWhileTheInboxIsMissing()
    {
        var serving = await C.Client.Health.CheckAsync(new HealthCheckRequest());

        var moved = C.InboxPath + ".moved";
        File.Move(C.InboxPath, moved);
        HealthCheckResponse withoutInbox;
        try
        {
            withoutInbox = await C.Client.Health.CheckAsync(new HealthCheckRequest());
        }
        finally
        {
            File.Move(moved, C.InboxPath);
        }

        var again = await C.Client.Health.CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, serving.Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, withoutInbox.Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, again.Status);
    }

    [Fact]
    public async Task Mutations_WithoutValidToken_PermissionDenied_AndChangeNothing()
    {
        var volume = C.Volumes[1];
        var device = C.VolumeGroup.AddPhysicalVolume(1);
        var vgBefore = C.VolumeGroup.GetVg();
        var lvBefore = C.VolumeGroup.GetLvSizeBytes(volume.ToString());
        var historyBefore = await C.Client.GetHistoryAsync(new GetHistoryRequest { Limit = 10_000 });
        var requestsBefore = await C.Client.ListRequestsAsync(new ListRequestsRequest { Limit = 10_000 });
        var policyBefore = await C.Client.GetPolicyAsync();
        var extend = new ExtendVolumeRequest { Domain = C.DomainId.ToString(), Volume = volume.ToString(), SizeMib = 256 };

        RpcException[] denials =
        [
            await Assert.ThrowsAsync<RpcException>(() => C.Client.ExtendVolumeAsync(extend, token: null)),
            await Assert.ThrowsAsync<RpcException>(() => C.Client.ExtendVolumeAsync(extend, token: "wrong-token-0123456789abcdef")),
            await Assert.ThrowsAsync<RpcException>(() => C.Client.AddPhysicalVolumeAsync(
                new AddPhysicalVolumeRequest { Domain = C.DomainId.ToString(), DevicePath = device }, token: null)),
            await Assert.ThrowsAsync<RpcException>(() => C.Client.SetPolicyAsync(new SetPolicyRequest { CapFactor = 5 }, token: null)),
        ];

        Assert.All(denials, d => Assert.Equal(StatusCode.PermissionDenied, d.StatusCode));
        Assert.Contains("admin token", denials[0].Status.Detail, StringComparison.Ordinal);
        var vgAfter = C.VolumeGroup.GetVg();
        Assert.Equal(vgBefore.SeqNo, vgAfter.SeqNo);
        Assert.Equal(vgBefore.PhysicalVolumeCount, vgAfter.PhysicalVolumeCount);
        Assert.Equal(vgBefore.SizeBytes, vgAfter.SizeBytes);
        Assert.Equal(lvBefore, C.VolumeGroup.GetLvSizeBytes(volume.ToString()));
        Assert.Equal(historyBefore.Entries.Count, (await C.Client.GetHistoryAsync(new GetHistoryRequest { Limit = 10_000 })).Entries.Count);
        Assert.Equal(requestsBefore.Requests.Count, (await C.Client.ListRequestsAsync(new ListRequestsRequest { Limit = 10_000 })).Requests.Count);
        Assert.Equal(policyBefore, await C.Client.GetPolicyAsync());
    }

    [Fact]
    public async Task ExtendVolume_WithToken_ExtendsTheLv_ThenIsIdempotent()
    {
        var volume = C.Volumes[0];
        var request = new ExtendVolumeRequest { Domain = C.DomainId.ToString(), Volume = volume.ToString(), SizeMib = 128 };

        var first = await C.Client.ExtendVolumeAsync(request, CoordinatorUnderTest.Token);
        var seqNo = C.VolumeGroup.GetVg().SeqNo;
        var second = await C.Client.ExtendVolumeAsync(request, CoordinatorUnderTest.Token);

        Assert.Equal(RequestState.Done, first.State);
        Assert.Equal(CoordinatorUnderTest.InitialLvMib * Mib, first.SizeBeforeBytes);
        Assert.Equal(128 * Mib, first.SizeAfterBytes);
        Assert.Equal(128 * Mib, C.VolumeGroup.GetLvSizeBytes(volume.ToString()));
        Assert.Equal(RequestState.Done, second.State);
        Assert.Equal("already large enough", second.Reason);
        Assert.Equal(seqNo, C.VolumeGroup.GetVg().SeqNo);
        var requests = await C.Client.ListRequestsAsync(new ListRequestsRequest { Volume = volume.ToString(), State = RequestState.Done });
        Assert.Contains(requests.Requests, r => r.Id == first.RequestId && r.Source == RequestSource.Admin && r.SizeAfterBytes == 128 * Mib);
        var history = await C.Client.GetHistoryAsync(new GetHistoryRequest { Volume = volume.ToString() });
        Assert.Contains(history.Entries, e => e.RequestId == first.RequestId && e.State == RequestState.Done);
        Assert.All(history.Entries, e => Assert.Equal(volume.ToString(), e.Volume));
    }

    [Fact]
    public async Task ExtendVolume_AboveTheCap_FailedPrecondition_Recorded_LvUnchanged()
    {
        var volume = C.Volumes[2];
        var before = C.VolumeGroup.GetLvSizeBytes(volume.ToString());

        var ex = await Assert.ThrowsAsync<RpcException>(() => C.Client.ExtendVolumeAsync(
            new ExtendVolumeRequest { Domain = C.DomainId.ToString(), Volume = volume.ToString(), SizeMib = 4 * CoordinatorUnderTest.CapacityMib },
            CoordinatorUnderTest.Token));

        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.Contains("cap", ex.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(before, C.VolumeGroup.GetLvSizeBytes(volume.ToString()));
        var rejected = await C.Client.ListRequestsAsync(new ListRequestsRequest { Volume = volume.ToString(), State = RequestState.Rejected });
        Assert.Contains(rejected.Requests, r => r.RequestedMib == 4 * CoordinatorUnderTest.CapacityMib);
    }

    [Fact]
    public async Task ExtendVolume_BadArguments_MapToStatusCodes()
    {
        var unknownVolume = await Assert.ThrowsAsync<RpcException>(() => C.Client.ExtendVolumeAsync(
            new ExtendVolumeRequest { Domain = C.DomainId.ToString(), Volume = Guid.NewGuid().ToString(), SizeMib = 128 }, CoordinatorUnderTest.Token));
        var unknownDomain = await Assert.ThrowsAsync<RpcException>(() => C.Client.ExtendVolumeAsync(
            new ExtendVolumeRequest { Domain = Guid.NewGuid().ToString(), Volume = C.Volumes[0].ToString(), SizeMib = 128 }, CoordinatorUnderTest.Token));
        var malformed = await Assert.ThrowsAsync<RpcException>(() => C.Client.ExtendVolumeAsync(
            new ExtendVolumeRequest { Domain = "not-a-uuid", Volume = C.Volumes[0].ToString(), SizeMib = 128 }, CoordinatorUnderTest.Token));
        var zero = await Assert.ThrowsAsync<RpcException>(() => C.Client.ExtendVolumeAsync(
            new ExtendVolumeRequest { Domain = C.DomainId.ToString(), Volume = C.Volumes[0].ToString(), SizeMib = 0 }, CoordinatorUnderTest.Token));

        Assert.Equal(StatusCode.NotFound, unknownVolume.StatusCode);
        Assert.Equal(StatusCode.NotFound, unknownDomain.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, malformed.StatusCode);
        Assert.Contains("domain", malformed.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, zero.StatusCode);
    }

    [Fact]
    public async Task AddPhysicalVolume_WithToken_AddsTheLoopPv_AndTheVgGrows()
    {
        var device = C.VolumeGroup.AddPhysicalVolume(1);
        var before = C.VolumeGroup.GetVg();

        var response = await C.Client.AddPhysicalVolumeAsync(
            new AddPhysicalVolumeRequest { Domain = C.DomainId.ToString(), DevicePath = device }, CoordinatorUnderTest.Token);

        var after = C.VolumeGroup.GetVg();
        Assert.Equal(before.PhysicalVolumeCount + 1, after.PhysicalVolumeCount);
        Assert.True(after.SizeBytes > before.SizeBytes + 512 * Mib, $"VG size {before.SizeBytes} -> {after.SizeBytes}");
        Assert.Equal(after.SizeBytes, response.VgSizeBytes);
        Assert.Equal(device, response.DevicePath);
        Assert.Equal(C.VolumeGroup.Name, response.VgName);
        var status = await C.Client.GetStatusAsync();
        Assert.Equal(after.SizeBytes, status.VolumeGroups[0].SizeBytes);
        Assert.Contains(device, status.VolumeGroups[0].PhysicalVolumes);
    }

    [Fact]
    public async Task Reads_FromANonLoopbackAddress_NeedTheToken()
    {
        using var remote = new AdminTestClient(new Uri($"http://{CoordinatorUnderTest.NonLoopbackAddress()}:{C.Port}"));

        var denied = await Assert.ThrowsAsync<RpcException>(() => remote.GetStatusAsync());
        var allowed = await remote.GetStatusAsync(CoordinatorUnderTest.Token);

        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Contains("non-loopback", denied.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(Role.Leader, allowed.Role);
    }

    [Fact]
    public async Task SetPolicy_WithToken_AppliesLive()
    {
        var before = await C.Client.GetPolicyAsync();
        var interval = before.SpacePollInterval.ToTimeSpan() == TimeSpan.FromMilliseconds(750) ? 500 : 750;

        var set = await C.Client.SetPolicyAsync(
            new SetPolicyRequest { SpacePollInterval = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromMilliseconds(interval)) },
            CoordinatorUnderTest.Token);
        var read = await C.Client.GetPolicyAsync();

        Assert.Equal(TimeSpan.FromMilliseconds(interval), set.SpacePollInterval.ToTimeSpan());
        Assert.Equal(set, read);
        Assert.Equal(before.CapFactor, read.CapFactor);
    }

    [Fact]
    public async Task Mutations_OnAStandby_FailedPrecondition_NamingTheLeader()
    {
        var (process, standby) = await C.StartStandbyAsync(C.InstanceId + "-standby");
        await using (process)
        using (standby)
        {
            var status = await standby.GetStatusAsync();
            var ex = await Assert.ThrowsAsync<RpcException>(() => standby.ExtendVolumeAsync(
                new ExtendVolumeRequest { Domain = C.DomainId.ToString(), Volume = C.Volumes[0].ToString(), SizeMib = 8 }, CoordinatorUnderTest.Token));
            var denied = await Assert.ThrowsAsync<RpcException>(() => standby.SetPolicyAsync(new SetPolicyRequest { CapFactor = 2 }, token: null));

            Assert.Equal(Role.Standby, status.Role);
            Assert.Equal(0, status.Epoch);
            Assert.Equal(C.InstanceId, status.Lease.Holder);
            Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
            Assert.Contains($"the leader is {C.InstanceId}", ex.Status.Detail, StringComparison.Ordinal);
            var info = ex.GetRpcStatus()?.GetDetail<Google.Rpc.ErrorInfo>();
            Assert.NotNull(info);
            Assert.Equal("NOT_LEADER", info.Reason);
            Assert.Equal(C.InstanceId, info.Metadata["leader"]);
            Assert.Equal(status.Lease.Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture), info.Metadata["leader_epoch"]);
            Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
            Assert.False(status.Serving);
            Assert.Contains("lease: no lease: this instance is a standby", status.NotServingReasons);
            var leader = await C.Client.GetStatusAsync();
            Assert.True(leader.Serving, string.Join(" | ", leader.NotServingReasons));
            Assert.Empty(leader.NotServingReasons);
        }
    }
}
