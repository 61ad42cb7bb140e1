using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using LvExtend.Admin.V1;
using Spm.Coordinator.Admin;
using Spm.Coordinator.Grpc;

namespace Spm.Coordinator.Tests.Grpc;

public class AdminRequestParserTests
{
    [Fact]
    public void RequiredUuid_ParsesOrNamesTheField()
    {
        var id = Guid.NewGuid();
        Assert.Equal(id, AdminRequestParser.RequiredUuid(id.ToString(), "domain"));

        var missing = Assert.Throws<RpcException>(() => AdminRequestParser.RequiredUuid(" ", "domain"));
        var malformed = Assert.Throws<RpcException>(() => AdminRequestParser.RequiredUuid("not-a-uuid", "volume"));

        Assert.Equal(StatusCode.InvalidArgument, missing.StatusCode);
        Assert.Contains("domain", missing.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, malformed.StatusCode);
        Assert.Contains("volume 'not-a-uuid'", malformed.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void OptionalUuid_EmptyIsAbsent()
    {
        Assert.Null(AdminRequestParser.OptionalUuid(string.Empty, "volume"));
    }

    [Theory]
    [InlineData(0, AdminRequestParser.DefaultLimit)]
    [InlineData(1, 1)]
    [InlineData(CoordinatorAdmin.MaxLimit, CoordinatorAdmin.MaxLimit)]
    public void Limit_ValidValues(int value, int expected)
    {
        Assert.Equal(expected, AdminRequestParser.Limit(value));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(CoordinatorAdmin.MaxLimit + 1)]
    public void Limit_OutOfRange_InvalidArgument(int value)
    {
        var ex = Assert.Throws<RpcException>(() => AdminRequestParser.Limit(value));
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains("limit", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void StateFilter_MapsEveryProtoState_ToTheSameNamedCoordinatorState()
    {
        Assert.Null(AdminRequestParser.StateFilter(RequestState.Unspecified));
        foreach (var state in System.Enum.GetValues<RequestState>().Where(s => s != RequestState.Unspecified))
        {
            Assert.Equal(state.ToString(), AdminRequestParser.StateFilter(state).ToString());
        }

        var ex = Assert.Throws<RpcException>(() => AdminRequestParser.StateFilter((RequestState)99));
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
    }

    [Fact]
    public void PolicyUpdate_OnlyPresentFieldsChange()
    {
        var request = new SetPolicyRequest { CapFactor = 1.25, HostRequestBurst = 0, SpacePollInterval = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(250)) };

        var update = AdminRequestParser.PolicyUpdate(request);

        Assert.Equal(new PolicyUpdate(CapFactor: 1.25, HostRequestBurst: 0, SpacePollInterval: TimeSpan.FromMilliseconds(250)), update);
    }

    [Fact]
    public void PolicyUpdate_ClearCeiling_IsAChange()
    {
        Assert.True(AdminRequestParser.PolicyUpdate(new SetPolicyRequest { ClearMaxVolumeSize = true }).ClearMaxVolumeSize);
    }

    [Fact]
    public void PolicyUpdate_Empty_InvalidArgument()
    {
        var ex = Assert.Throws<RpcException>(() => AdminRequestParser.PolicyUpdate(new SetPolicyRequest()));
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(-1, 0)]
    [InlineData(0, -5)]
    [InlineData(1, 1_000_000_000)]
    public void Interval_NotPositive_InvalidArgumentNamingTheField(long seconds, int nanos)
    {
        var ex = Assert.Throws<RpcException>(() => AdminRequestParser.Interval(new Duration { Seconds = seconds, Nanos = nanos }, "space_poll_interval"));
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains("space_poll_interval", ex.Status.Detail, StringComparison.Ordinal);
    }
}
