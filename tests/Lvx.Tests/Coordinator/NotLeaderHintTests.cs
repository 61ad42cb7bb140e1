using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Lvx.Commands.Coordinator;

namespace Lvx.Tests.Coordinator;

/// <summary>What lvx prints when a coordinator answers NOT_LEADER: where the leader is, never a silent redirection.</summary>
public sealed class NotLeaderHintTests
{
    private const string Standby = "http://10.0.0.8:7411";
    private const string Detail = "coord-b is not the leader of pool p1; the leader is coord-a (epoch 7).";

    private static RpcException NotLeader(IDictionary<string, string> metadata, string detail = Detail)
    {
        var info = new ErrorInfo { Reason = "NOT_LEADER", Domain = AdminErrorInfo.Domain };
        info.Metadata.Add(metadata);
        return new Google.Rpc.Status
        {
            Code = (int)StatusCode.FailedPrecondition,
            Message = detail,
            Details = { Any.Pack(info) },
        }.ToRpcException();
    }

    [Fact]
    public void LeaderAddress_OneLineHint_WithTheAddressEpochAndTheOptionToUse()
    {
        var ex = NotLeader(new Dictionary<string, string>
        {
            ["leader"] = "coord-a", ["leader_epoch"] = "7", ["leader_address"] = "http://10.0.0.7:7411",
        });

        var line = AdminCall.Describe(ex, Standby);

        Assert.Equal(
            "failed precondition: not the leader; the leader is at http://10.0.0.7:7411 (epoch 7, instance coord-a): "
            + $"run the command again with --coordinator http://10.0.0.7:7411 (the coordinator at {Standby} answered: {Detail})",
            line);
        Assert.DoesNotContain('\n', line);
    }

    [Fact]
    public void Read_LeaderAddress_ParsedAsAnHttpUri_GarbageIgnored()
    {
        var good = AdminErrorInfo.Read(NotLeader(new Dictionary<string, string>
        {
            ["leader"] = "coord-a", ["leader_epoch"] = "7", ["leader_address"] = "https://spm-a.example.internal:8443",
        }));
        var garbage = AdminErrorInfo.Read(NotLeader(new Dictionary<string, string>
        {
            ["leader"] = "coord-a", ["leader_epoch"] = "7", ["leader_address"] = "spm-a 7411",
        }));

        Assert.Equal(new Uri("https://spm-a.example.internal:8443"), good?.LeaderAddress);
        Assert.NotNull(garbage);
        Assert.Null(garbage.LeaderAddress);
        Assert.Equal("coord-a", garbage.Leader);
    }

    [Fact]
    public void NoLeaderAddress_NamesTheLeaderInstanceOnly()
    {
        var ex = NotLeader(new Dictionary<string, string> { ["leader"] = "coord-a", ["leader_epoch"] = "7" });

        var line = AdminCall.Describe(ex, Standby);

        Assert.Equal($"failed precondition: the coordinator at {Standby} answered: {Detail} (send it to the leader, coord-a, epoch 7)", line);
    }

    [Fact]
    public void LeaderAddressIsTheCalledAddress_NoRedirectionHint()
    {
        var ex = NotLeader(
            new Dictionary<string, string> { ["leader"] = "coord-b", ["leader_epoch"] = "8", ["leader_address"] = Standby },
            "coord-b is not the leader of pool p1; the leader is coord-b (epoch 8).");

        var line = AdminCall.Describe(ex, "10.0.0.8:7411");

        Assert.DoesNotContain("--coordinator", line, StringComparison.Ordinal);
        Assert.Contains("send it to the leader, coord-b, epoch 8", line, StringComparison.Ordinal);
    }
}
