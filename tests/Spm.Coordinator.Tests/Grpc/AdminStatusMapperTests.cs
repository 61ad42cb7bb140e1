using Google.Rpc;
using Grpc.Core;
using Spm.Coordinator.Admin;
using Spm.Coordinator.Grpc;
using Spm.Coordinator.Leadership;

namespace Spm.Coordinator.Tests.Grpc;

public class AdminStatusMapperTests
{
    [Theory]
    [InlineData("NotLeader", StatusCode.FailedPrecondition)]
    [InlineData("InvalidArgument", StatusCode.InvalidArgument)]
    [InlineData("NotFound", StatusCode.NotFound)]
    [InlineData("FailedPrecondition", StatusCode.FailedPrecondition)]
    [InlineData("Unavailable", StatusCode.Unavailable)]
    public void ToException_MapsEveryErrorCode_AndKeepsTheMessage(string name, StatusCode expected)
    {
        var code = Enum.Parse<AdminErrorCode>(name);
        var message = $"coord-b is not the leader of pool p1; the leader is coord-a (epoch 7) [{code}]";

        var exception = AdminStatusMapper.ToException(new AdminError(code, message));

        Assert.Equal(expected, exception.StatusCode);
        Assert.Equal(message, exception.Status.Detail);
    }

    [Fact]
    public void ToStatusCode_CoversEveryDefinedErrorCode()
    {
        foreach (var code in Enum.GetValues<AdminErrorCode>())
        {
            Assert.NotEqual(StatusCode.Internal, AdminStatusMapper.ToStatusCode(code));
        }

        Assert.Equal(StatusCode.Internal, AdminStatusMapper.ToStatusCode((AdminErrorCode)200));
    }

    [Fact]
    public void Unwrap_Success_ReturnsTheValue_Failure_Throws()
    {
        Assert.Equal(42, AdminStatusMapper.Unwrap(AdminResult<int>.Ok(42)));

        var ex = Assert.Throws<RpcException>(() => AdminStatusMapper.Unwrap(AdminResult<int>.Fail(AdminErrorCode.NotFound, "domain d is not in pool p")));
        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Equal("domain d is not in pool p", ex.Status.Detail);
    }

    [Theory]
    [InlineData("Done", "already large enough", StatusCode.OK)]
    [InlineData("Rejected", "size 9000 MiB is above the cap 1126 MiB", StatusCode.FailedPrecondition)]
    [InlineData("Rejected", "LV vg/lv does not exist", StatusCode.NotFound)]
    [InlineData("Rejected", "no LV vg1/c0ffee00 for volume c0ffee00-1111-2222-3333-444455556666", StatusCode.NotFound)]
    [InlineData("Rejected", "the VG vg1 cannot be read", StatusCode.Unavailable)]
    [InlineData("Rejected", "4096 MiB is above the cap of 1128 MiB (capacity 1024 MiB x 1.1)", StatusCode.FailedPrecondition)]
    [InlineData("Failed", "not enough free extents in vg1: 256 needed, 3 free", StatusCode.ResourceExhausted)]
    [InlineData("Rejected", "volume 2b0c... not found in VG", StatusCode.NotFound)]
    [InlineData("WaitingForSpace", "VG has 12 MiB free", StatusCode.ResourceExhausted)]
    [InlineData("Failed", "not enough free space in VG vg1: 1024 MiB needed, 12 MiB free", StatusCode.ResourceExhausted)]
    [InlineData("Failed", "Insufficient free space: 256 extents needed, but only 3 available", StatusCode.ResourceExhausted)]
    [InlineData("Failed", "lvextend exited with code 5", StatusCode.Aborted)]
    [InlineData("Superseded", "lost the lease", StatusCode.Aborted)]
    public void ToStatus_ExtendOutcome_MapsStateAndReason(string stateName, string reason, StatusCode expected)
    {
        var state = Enum.Parse<ExtendRequestState>(stateName);
        var status = AdminStatusMapper.ToStatus(new ExtendVolumeOutcome(17, state, reason, 1L << 30, 1L << 30));

        Assert.Equal(expected, status.StatusCode);
        if (expected != StatusCode.OK)
        {
            Assert.Contains(reason, status.Detail, StringComparison.Ordinal);
            Assert.Contains("request 17", status.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ToException_CarriesAnErrorInfoWithTheReason()
    {
        var ex = AdminStatusMapper.ToException(new AdminError(AdminErrorCode.NotFound, "domain d is not in pool p"));

        var info = ex.GetRpcStatus()?.GetDetail<ErrorInfo>();
        Assert.NotNull(info);
        Assert.Equal(("NOT_FOUND", AdminErrorDetails.Domain), (info.Reason, info.Domain));
        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Equal("domain d is not in pool p", ex.Status.Detail);
    }

    [Fact]
    public void NotLeader_LeaseHeld_NamesTheLeaderInMetadataAndMessage()
    {
        var ex = AdminErrorDetails.NotLeader("coord-b", "p1", new LeaseInfo("coord-a", 7, DateTimeOffset.UtcNow, false), leaseReadable: true);

        var info = ex.GetRpcStatus()?.GetDetail<ErrorInfo>();
        Assert.NotNull(info);
        Assert.Equal("NOT_LEADER", info.Reason);
        Assert.Equal("coord-a", info.Metadata[AdminErrorDetails.LeaderKey]);
        Assert.Equal("7", info.Metadata[AdminErrorDetails.LeaderEpochKey]);
        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.Equal("coord-b is not the leader of pool p1; the leader is coord-a (epoch 7).", ex.Status.Detail);
    }

    [Fact]
    public void NotLeader_NoLeaderOrUnreadable_NoLeaderMetadata()
    {
        var expired = AdminErrorDetails.NotLeader("b", "p", new LeaseInfo("a", 3, DateTimeOffset.UtcNow, true), leaseReadable: true);
        var unknown = AdminErrorDetails.NotLeader("b", "p", null, leaseReadable: false);

        Assert.Empty(expired.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Metadata);
        Assert.Contains("no leader right now", expired.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(unknown.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Metadata);
        Assert.Contains("unknown", unknown.Status.Detail, StringComparison.Ordinal);
    }
}
