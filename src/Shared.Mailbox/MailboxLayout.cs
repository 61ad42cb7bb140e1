namespace Shared.Mailbox;

/// <summary>
/// Sizes and offsets of the storage mailbox, fixed by the reference (oVirt vdsm <c>mailbox.py</c>).
/// </summary>
public static class MailboxLayout
{
    /// <summary>One host's mailbox: one 4 KiB block in the inbox and one in the outbox.</summary>
    public const int BlockSize = 4096;

    /// <summary>One message slot.</summary>
    public const int MessageSize = 64;

    /// <summary>Slots per block, the reserved last one included.</summary>
    public const int SlotsPerBlock = BlockSize / MessageSize;

    /// <summary>Slots 0..62 carry messages; slot 63 holds the checksum in its last 4 bytes.</summary>
    public const int MessagesPerBlock = SlotsPerBlock - 1;

    /// <summary>Offset of the little-endian checksum inside a host request block.</summary>
    public const int ChecksumOffset = BlockSize - 4;
}
