using Google.Rpc;
using Grpc.Core;
using Spm.Coordinator.Grpc;
using Spm.Coordinator.Leadership;

namespace Spm.Coordinator.Tests.Grpc;

/// <summary>The leader's advertised address in a NOT_LEADER error's ErrorInfo.</summary>
public sealed class NotLeaderAddressTests
{
    [Fact]
    public void LeaseWithAddress_LeaderAddressInMetadata_BesideHolderAndEpoch()
    {
        var lease = new LeaseInfo("coord-a", 7, DateTimeOffset.UtcNow, Expired: false, Address: "http://10.0.0.7:7411");

        var ex = AdminErrorDetails.NotLeader("coord-b", "p1", lease, leaseReadable: true);

        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        var info = ex.GetRpcStatus()?.GetDetail<ErrorInfo>();
        Assert.NotNull(info);
        Assert.Equal("NOT_LEADER", info.Reason);
        Assert.Equal("http://10.0.0.7:7411", info.Metadata[AdminErrorDetails.LeaderAddressKey]);
        Assert.Equal("coord-a", info.Metadata[AdminErrorDetails.LeaderKey]);
        Assert.Equal("7", info.Metadata[AdminErrorDetails.LeaderEpochKey]);
        Assert.Equal("leader_address", AdminErrorDetails.LeaderAddressKey);
    }

    [Fact]
    public void LeaseWithoutAddress_OrExpired_NoLeaderAddress()
    {
        var none = AdminErrorDetails.NotLeader("b", "p", new LeaseInfo("a", 3, DateTimeOffset.UtcNow, false), leaseReadable: true);
        var expired = AdminErrorDetails.NotLeader("b", "p", new LeaseInfo("a", 3, DateTimeOffset.UtcNow, true, "http://10.0.0.7:7411"), leaseReadable: true);

        var noneInfo = none.GetRpcStatus()!.GetDetail<ErrorInfo>()!;
        var expiredInfo = expired.GetRpcStatus()!.GetDetail<ErrorInfo>()!;
        Assert.Equal("a", noneInfo.Metadata[AdminErrorDetails.LeaderKey]);
        Assert.False(noneInfo.Metadata.ContainsKey(AdminErrorDetails.LeaderAddressKey));
        Assert.Empty(expiredInfo.Metadata);
    }
}
