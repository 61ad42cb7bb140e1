namespace Shared.Mailbox;

/// <summary>
/// Names a slot as the reference does: <c>hostId * 64 + slot</c>, counting the reserved slot 63. The byte offset
/// of the slot, in the inbox and in the outbox alike, is <c>Value * 64</c>.
/// </summary>
public readonly record struct MessageId(int HostId, int Slot)
{
    /// <summary>The reference's msgId.</summary>
    public int Value => HostId * MailboxLayout.SlotsPerBlock + Slot;

    /// <summary>Byte offset of the slot in the inbox and in the outbox.</summary>
    public long Offset => (long)Value * MailboxLayout.MessageSize;

    /// <summary>The id for a reference msgId.</summary>
    public static MessageId FromValue(int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        return new MessageId(value / MailboxLayout.SlotsPerBlock, value % MailboxLayout.SlotsPerBlock);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Value} (host {HostId}, slot {Slot})";
}
