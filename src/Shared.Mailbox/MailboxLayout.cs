namespace Shared.Mailbox;

/// <summary>
/// Sizes and offsets of the storage mailbox, fixed by the reference (oVirt vdsm <c>mailbox.py</c>).
/// </summary>
/// <remarks>
/// Two files (or LVs): the <c>inbox</c> holds requests written by hosts, the <c>outbox</c> holds replies
/// written by the manager. Host <c>h</c> owns the 4 KiB block at byte <c>h * 4096</c> of both. Block 0 of the
/// inbox is the events block (the doorbell); host ids start at 1.
/// </remarks>
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

    /// <summary>Index of the events block (the doorbell) in the inbox.</summary>
    public const int EventsBlockIndex = 0;

    /// <summary>The lowest host id: block 0 is never a host mailbox.</summary>
    public const int MinHostId = 1;

    /// <summary>The highest host id this implementation serves (the reference engine stops at 250).</summary>
    public const int MaxHostId = 2000;

    /// <summary>The largest size an extend message can carry, in MiB (the reference's <c>VOLUME_MAX_SIZE</c>).</summary>
    public const ulong MaxSizeMib = 0xFFFF_FFFF;

    /// <summary>Offset of the version byte (ASCII '1') in a message.</summary>
    public const int VersionOffset = 0;

    /// <summary>Offset of the 4-byte ASCII opcode (<c>xtnd</c>) in a message.</summary>
    public const int OpcodeOffset = 1;

    /// <summary>Offset of the packed (fully reversed) storage domain UUID in an extend message.</summary>
    public const int DomainOffset = 5;

    /// <summary>Offset of the packed (fully reversed) volume UUID in an extend message.</summary>
    public const int VolumeOffset = 21;

    /// <summary>Length of a packed UUID.</summary>
    public const int PackedUuidSize = 16;

    /// <summary>Offset of the size field: 16 ASCII lowercase hex characters, in MiB.</summary>
    public const int SizeOffset = 37;

    /// <summary>Length of the size field.</summary>
    public const int SizeLength = 16;

    /// <summary>Offset of the padding: 11 ASCII '0' characters up to the end of the message.</summary>
    public const int PaddingOffset = 53;

    /// <summary>Length of the padding.</summary>
    public const int PaddingLength = MessageSize - PaddingOffset;

    /// <summary>Offset of the event UUID (RFC 4122 byte order) in the events block.</summary>
    public const int EventIdOffset = 4;

    /// <summary>
    /// Offset of our ring hint in the events block: ASCII <c>lvxh</c>, then the ringing host's id as a 32-bit
    /// little-endian integer (bytes 20..27). The reference leaves these bytes zero and reads only bytes 4..19.
    /// </summary>
    public const int RingHintOffset = EventIdOffset + 16;

    /// <summary>Length of the ring hint: the 4-byte marker and the 4-byte host id.</summary>
    public const int RingHintLength = 8;

    /// <summary>Byte offset of <paramref name="hostId"/>'s block in the inbox and in the outbox.</summary>
    public static long HostBlockOffset(int hostId) => (long)hostId * BlockSize;
}
