namespace Shared.Mailbox.Tests;

/// <summary>Enums that reach disk, logs or the dump JSON keep their names and values.</summary>
public sealed class PersistedEnumStabilityTests
{
    [Fact]
    public void MailboxMessageKind_IsFrozen() => AssertFrozen<MailboxMessageKind>(typeof(byte),
        ("Empty", 0), ("Extend", 1), ("Clean", 2), ("Unknown", 3));

    [Fact]
    public void MailboxReplyState_IsFrozen() => AssertFrozen<MailboxReplyState>(typeof(byte),
        ("None", 0), ("Success", 1), ("Failure", 2), ("Clean", 3), ("Unrelated", 4));

    [Fact]
    public void HostBlockStatus_IsFrozen() => AssertFrozen<HostBlockStatus>(typeof(byte),
        ("Empty", 0), ("Valid", 1), ("ChecksumMismatch", 2));

    [Fact]
    public void MailboxIoMode_IsFrozen() => AssertFrozen<MailboxIoMode>(typeof(int),
        ("Direct", 0), ("BufferedWithFsync", 1));

    private static void AssertFrozen<T>(Type underlying, params (string Name, long Value)[] expected)
        where T : struct, Enum
    {
        Assert.Equal(underlying, Enum.GetUnderlyingType(typeof(T)));
        var actual = Enum.GetValues<T>().Select(v => (v.ToString(), Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        Assert.Equal(expected, actual);
    }
}
