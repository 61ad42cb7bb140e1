using Spm.Coordinator.Admin;
using Spm.Coordinator.Leadership;

namespace Spm.Coordinator.Tests.Admin;

/// <summary>Values and stored names are persisted in PostgreSQL and mapped to protobuf: they never change.</summary>
public sealed class PersistedEnumStabilityTests
{
    [Fact]
    public void ExtendRequestState_ValuesAndNames_AreFrozen()
    {
        var expected = new (ExtendRequestState State, byte Value, string Name)[]
        {
            (ExtendRequestState.Received, 1, "received"),
            (ExtendRequestState.Rejected, 2, "rejected"),
            (ExtendRequestState.WaitingForSpace, 3, "waiting_for_space"),
            (ExtendRequestState.Extending, 4, "extending"),
            (ExtendRequestState.Done, 5, "done"),
            (ExtendRequestState.Failed, 6, "failed"),
            (ExtendRequestState.Withdrawn, 7, "withdrawn"),
            (ExtendRequestState.Superseded, 8, "superseded"),
            (ExtendRequestState.Ignored, 9, "ignored"),
        };

        Assert.Equal(expected.Length, Enum.GetValues<ExtendRequestState>().Length);
        foreach (var (state, value, name) in expected)
        {
            Assert.Equal(value, (byte)state);
            Assert.Equal(name, ExtendRequestStates.ToName(state));
            Assert.Equal(state, ExtendRequestStates.Parse(name));
        }
    }

    [Fact]
    public void OtherPersistedEnums_AreFrozen()
    {
        Assert.Equal(1, (byte)ExtendRequestSource.Mailbox);
        Assert.Equal(2, (byte)ExtendRequestSource.Admin);
        Assert.Equal("mailbox", ExtendRequestStates.ToName(ExtendRequestSource.Mailbox));
        Assert.Equal("admin", ExtendRequestStates.ToName(ExtendRequestSource.Admin));
        Assert.Equal(0, (byte)CoordinatorRole.Standby);
        Assert.Equal(1, (byte)CoordinatorRole.Leader);
        Assert.Equal([1, 2, 3, 4], Enum.GetValues<LeaseStatus>().Select(s => (int)s));
        Assert.Equal([1, 2, 3, 4, 5], Enum.GetValues<AdminErrorCode>().Select(s => (int)s));
    }

    [Fact]
    public void Parse_UnknownName_Fails()
    {
        Assert.False(ExtendRequestStates.TryParse("exploded", out _));
        Assert.Throws<InvalidOperationException>(() => ExtendRequestStates.Parse("exploded"));
    }
}
