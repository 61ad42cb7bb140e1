using LvExtend.Admin.V1;
using Spm.Coordinator.Admin;
using Spm.Coordinator.Grpc;
using CoordinatorVolumeGroup = Spm.Coordinator.Admin.VolumeGroupStatus;

namespace Spm.Coordinator.Tests.Grpc;

public class AdminProtoMapperTests
{
    private static readonly Guid Domain = Guid.Parse("5a2b9f1e-0d1c-4b6e-9f3a-1b2c3d4e5f60");
    private static readonly Guid Volume = Guid.Parse("c0ffee00-1111-2222-3333-444455556666");
    private static readonly DateTimeOffset At = new(2025, 11, 24, 14, 30, 12, TimeSpan.Zero);

    [Fact]
    public void RequestStates_SameNumbersAndNames_InBothEnums()
    {
        foreach (var state in System.Enum.GetValues<ExtendRequestState>())
        {
            var proto = AdminProtoMapper.ToProto(state);
            Assert.Equal((int)state, (int)proto);
            Assert.Equal(state.ToString(), proto.ToString());
        }

        Assert.Equal(System.Enum.GetValues<ExtendRequestState>().Length + 1, System.Enum.GetValues<RequestState>().Length);
    }

    [Fact]
    public void ToProto_Status_LeaderWithLeaseAndVgs()
    {
        var status = new CoordinatorStatus(
            "coord-a", "pool1", CoordinatorRole.Leader, 7, "coord-a", 7, At, false,
            [
                new CoordinatorVolumeGroup(Domain, "vg1", 4L << 30, 1L << 30, 2, ["/dev/loop3", "/dev/loop4"], null),
                new CoordinatorVolumeGroup(Guid.Empty, "vg2", null, null, 0, [], "vgs timed out"),
            ],
            [new Spm.Coordinator.Admin.RequestStateCount(ExtendRequestState.Done, 12), new Spm.Coordinator.Admin.RequestStateCount(ExtendRequestState.WaitingForSpace, 2)]);

        var proto = AdminProtoMapper.ToProto(status);

        Assert.Equal(Role.Leader, proto.Role);
        Assert.Equal(7, proto.Epoch);
        Assert.Equal("coord-a", proto.Lease.Holder);
        Assert.Equal(At, proto.Lease.ExpiresAt.ToDateTimeOffset());
        Assert.False(proto.Lease.Expired);
        Assert.Equal(2, proto.VolumeGroups.Count);
        Assert.Equal(Domain.ToString(), proto.VolumeGroups[0].Domain);
        Assert.Equal(1L << 30, proto.VolumeGroups[0].FreeBytes);
        Assert.Equal(["/dev/loop3", "/dev/loop4"], proto.VolumeGroups[0].PhysicalVolumes);
        Assert.False(proto.VolumeGroups[1].HasSizeBytes);
        Assert.False(proto.VolumeGroups[1].HasFreeBytes);
        Assert.Equal("vgs timed out", proto.VolumeGroups[1].Error);
        Assert.Equal(RequestState.WaitingForSpace, proto.RequestCounts[1].State);
        Assert.Equal(2, proto.RequestCounts[1].Count);
    }

    [Fact]
    public void ToProto_Status_StandbyNeverLeased()
    {
        var proto = AdminProtoMapper.ToProto(new CoordinatorStatus("coord-b", "pool1", CoordinatorRole.Standby, 0, null, 0, null, true, [], []));

        Assert.Equal(Role.Standby, proto.Role);
        Assert.Equal(string.Empty, proto.Lease.Holder);
        Assert.Null(proto.Lease.ExpiresAt);
        Assert.True(proto.Lease.Expired);
    }

    [Fact]
    public void ToProto_Request_OptionalFieldsStayAbsent()
    {
        var record = new ExtendRequestRecord(
            5, "pool1", 3, "coord-a", ExtendRequestSource.Admin, null, null, Domain, Volume, "vg1", Volume.ToString(),
            2048, 1L << 30, 2L << 30, ExtendRequestState.Done, null, At, At.AddSeconds(1), At.AddSeconds(1),
            new PhaseDurations(null, null, 0.001, 0.05, 0.002, null, 0.06));

        var proto = AdminProtoMapper.ToProto(record);

        Assert.Equal(RequestSource.Admin, proto.Source);
        Assert.False(proto.HasHostId);
        Assert.False(proto.HasSlot);
        Assert.Equal(2048, proto.RequestedMib);
        Assert.Equal(2L << 30, proto.SizeAfterBytes);
        Assert.Equal(RequestState.Done, proto.State);
        Assert.Equal(string.Empty, proto.Reason);
        Assert.Null(proto.Phases.Detect);
        Assert.Equal(TimeSpan.FromSeconds(0.05), proto.Phases.Lvextend.ToTimeSpan());
        Assert.Equal(At.AddSeconds(1), proto.CompletedAt.ToDateTimeOffset());
    }

    [Fact]
    public void ToProto_Policy_CeilingAbsentWhenNone()
    {
        var policy = new CoordinatorPolicy(1.1, null, 50, 200, 1024 * 1024, TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(1),
            TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1));

        var proto = AdminProtoMapper.ToProto(policy);

        Assert.False(proto.HasMaxVolumeSizeMib);
        Assert.Equal(1.1, proto.CapFactor);
        Assert.Equal(TimeSpan.FromMinutes(10), proto.HostGrowthWindow.ToTimeSpan());
        Assert.Equal(TimeSpan.FromMilliseconds(10), proto.MailboxEventInterval.ToTimeSpan());
        Assert.Equal(4096, AdminProtoMapper.ToProto(policy with { MaxVolumeSizeMib = 4096 }).MaxVolumeSizeMib);
    }
}
