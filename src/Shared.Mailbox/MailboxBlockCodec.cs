using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.Intrinsics;
using Shared.Mailbox.Internal;

namespace Shared.Mailbox;

/// <summary>
/// Encodes and checks the 4096-byte mailbox blocks, byte-compatible with the reference: the checksum of a host
/// request block, its slot grid, and the events block. The 64-byte messages inside the slots are
/// <see cref="MailboxCodec"/>'s. Does not perform any I/O and does not allocate.
/// </summary>
/// <remarks>
/// A host request block (4096 bytes in the inbox at <c>hostId * 4096</c>):
/// <list type="table">
/// <item><term>0..4031</term><description>63 slots of 64 bytes (slot <c>i</c> at <c>i * 64</c>).</description></item>
/// <item><term>4032..4091</term><description>the rest of reserved slot 63: zero.</description></item>
/// <item><term>4092..4095</term><description>checksum: the unsigned sum of bytes 0..4091, 32-bit little-endian.</description></item>
/// </list>
/// The reply block in the outbox has the same slot grid and no checksum. The events block (block 0 of the inbox):
/// bytes 0..3 <c>00 65 76 74</c> ("\0evt"), 4..19 a random UUID in RFC 4122 byte order (not packed), the rest zero;
/// our hosts may put a ring hint in bytes 20..27 (<see cref="EncodeEvent(Guid, int, Span{byte})"/>), which the
/// reference never reads.
/// </remarks>
public static class MailboxBlockCodec
{
    /// <summary>The magic of the events block: "\0evt".</summary>
    public static ReadOnlySpan<byte> EventMagic => "\0evt"u8;

    /// <summary>The marker of a ring hint in bytes 20..23 of the events block: "lvxh".</summary>
    public static ReadOnlySpan<byte> RingHintMagic => "lvxh"u8;

    private const int EventLength = MailboxLayout.EventIdOffset + 16;

    /// <summary>The unsigned sum of bytes 0..4091, truncated to 32 bits (never exceeds 1,043,460).</summary>
    /// <exception cref="MailboxFormatException">Fewer than 4092 bytes.</exception>
    public static uint ComputeChecksum(ReadOnlySpan<byte> block)
    {
        if (block.Length < MailboxLayout.ChecksumOffset)
        {
            ThrowHelper.ThrowTruncated(block.Length, MailboxLayout.ChecksumOffset, "host block");
        }

        var data = block[..MailboxLayout.ChecksumOffset];
        uint sum = 0;
        var i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            // 16-bit lanes take at most 128 additions of two bytes each before they could overflow.
            const int MaxVectorsPerChunk = 128;
            while (data.Length - i >= Vector128<byte>.Count)
            {
                var accumulator = Vector128<ushort>.Zero;
                var chunkEnd = Math.Min(data.Length - Vector128<byte>.Count, i + ((MaxVectorsPerChunk - 1) * Vector128<byte>.Count));
                for (; i <= chunkEnd; i += Vector128<byte>.Count)
                {
                    var (lower, upper) = Vector128.Widen(Vector128.Create(data.Slice(i, Vector128<byte>.Count)));
                    accumulator += lower + upper;
                }

                var (low, high) = Vector128.Widen(accumulator);
                sum += Vector128.Sum(low + high);
            }
        }

        for (; i < data.Length; i++)
        {
            sum += data[i];
        }

        return sum;
    }

    /// <summary>The checksum stored in bytes 4092..4095.</summary>
    /// <exception cref="MailboxFormatException">Fewer than 4096 bytes.</exception>
    public static uint ReadStoredChecksum(ReadOnlySpan<byte> block)
    {
        CheckBlockLength(block);
        return ReadUInt32(block, MailboxLayout.ChecksumOffset);
    }

    /// <summary>Computes the checksum of a 4096-byte host block, stores it in bytes 4092..4095 and returns it.</summary>
    public static uint SealHostBlock(Span<byte> block)
    {
        if (block.Length != MailboxLayout.BlockSize)
        {
            ThrowHelper.ThrowTooLong(nameof(block), block.Length, MailboxLayout.BlockSize);
        }

        var checksum = ComputeChecksum(block);
        BinaryPrimitives.WriteUInt32LittleEndian(block[MailboxLayout.ChecksumOffset..], checksum);
        return checksum;
    }

    /// <summary>
    /// Checks a 4096-byte host request block as the reference's <c>validateMailbox</c> does, without throwing for
    /// a bad checksum: an all-zero block is <see cref="HostBlockStatus.Empty"/>, not valid mail.
    /// </summary>
    /// <exception cref="MailboxFormatException">Fewer than 4096 bytes.</exception>
    public static HostBlockStatus CheckHostBlock(ReadOnlySpan<byte> block)
    {
        CheckBlockLength(block);
        if (!block[..MailboxLayout.ChecksumOffset].ContainsAnyExcept((byte)0))
        {
            return HostBlockStatus.Empty;
        }

        return ComputeChecksum(block) == ReadUInt32(block, MailboxLayout.ChecksumOffset)
            ? HostBlockStatus.Valid
            : HostBlockStatus.ChecksumMismatch;
    }

    /// <summary>Returns true for a valid host block, false for an empty one.</summary>
    /// <exception cref="MailboxFormatException">Truncated, or the checksum does not match (offset 4092).</exception>
    public static bool TryValidateHostBlock(ReadOnlySpan<byte> block)
    {
        switch (CheckHostBlock(block))
        {
            case HostBlockStatus.Empty:
                return false;
            case HostBlockStatus.Valid:
                return true;
            default:
                ThrowHelper.ThrowFormat(MailboxLayout.ChecksumOffset, string.Create(
                    CultureInfo.InvariantCulture,
                    $"checksum mismatch: stored 0x{ReadUInt32(block, MailboxLayout.ChecksumOffset):x8}, computed 0x{ComputeChecksum(block):x8}"));
                return false;
        }
    }

    /// <summary>Slot <paramref name="slot"/> (0..62) of a 4096-byte block.</summary>
    public static ReadOnlySpan<byte> GetSlot(ReadOnlySpan<byte> block, int slot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slot, MailboxLayout.MessagesPerBlock);
        CheckBlockLength(block);
        return block.Slice(slot * MailboxLayout.MessageSize, MailboxLayout.MessageSize);
    }

    /// <summary>Slot <paramref name="slot"/> (0..62) of a 4096-byte block, writable.</summary>
    public static Span<byte> GetSlot(Span<byte> block, int slot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slot, MailboxLayout.MessagesPerBlock);
        CheckBlockLength(block);
        return block.Slice(slot * MailboxLayout.MessageSize, MailboxLayout.MessageSize);
    }

    /// <summary>Writes a 4096-byte events block for <paramref name="eventId"/>, byte for byte the reference's, and returns 4096.</summary>
    public static int EncodeEvent(Guid eventId, Span<byte> block) => EncodeEvent(eventId, 0, block);

    /// <summary>
    /// Writes a 4096-byte events block for <paramref name="eventId"/> that also names the host that rang
    /// (<paramref name="ringingHostId"/>, 1..2000; 0 writes no hint, as the reference does) in bytes 20..27:
    /// "lvxh" and the id as a 32-bit little-endian integer. The reference's SPM reads only bytes 4..19, so the hint
    /// changes nothing for it; our manager reads that host's block first (docs/mailbox-format.md). Returns 4096.
    /// </summary>
    public static int EncodeEvent(Guid eventId, int ringingHostId, Span<byte> block)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ringingHostId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ringingHostId, MailboxLayout.MaxHostId);
        if (block.Length < MailboxLayout.BlockSize)
        {
            ThrowHelper.ThrowDestinationTooSmall(nameof(block), MailboxLayout.BlockSize, block.Length);
        }

        var destination = block[..MailboxLayout.BlockSize];
        destination.Clear();
        EventMagic.CopyTo(destination);
        eventId.TryWriteBytes(destination[MailboxLayout.EventIdOffset..], bigEndian: true, out _);
        if (ringingHostId > 0)
        {
            RingHintMagic.CopyTo(destination[MailboxLayout.RingHintOffset..]);
            BinaryPrimitives.WriteInt32LittleEndian(destination[(MailboxLayout.RingHintOffset + 4)..], ringingHostId);
        }

        return MailboxLayout.BlockSize;
    }

    /// <summary>
    /// Reads the ring hint of an events block: the host id in bytes 24..27 when bytes 20..23 are "lvxh" and the id is
    /// 1..2000. False for the reference's events block (zero there), a short block or a hint out of range. A hint is
    /// only advice: whoever wrote the block may name any host, and another host may have rung since.
    /// </summary>
    public static bool TryDecodeRingHint(ReadOnlySpan<byte> block, out int hostId)
    {
        hostId = 0;
        if (block.Length < MailboxLayout.RingHintOffset + MailboxLayout.RingHintLength
            || !block[MailboxLayout.RingHintOffset..].StartsWith(RingHintMagic))
        {
            return false;
        }

        var id = BinaryPrimitives.ReadInt32LittleEndian(block[(MailboxLayout.RingHintOffset + 4)..]);
        if (id < MailboxLayout.MinHostId || id > MailboxLayout.MaxHostId)
        {
            return false;
        }

        hostId = id;
        return true;
    }

    /// <summary>Reads the event UUID; false when the block does not start with "\0evt" (never written).</summary>
    /// <exception cref="MailboxFormatException">Fewer than 20 bytes.</exception>
    public static bool TryDecodeEvent(ReadOnlySpan<byte> block, out Guid eventId)
    {
        if (block.Length < EventLength)
        {
            ThrowHelper.ThrowTruncated(block.Length, EventLength, "events block");
        }

        if (!block.StartsWith(EventMagic))
        {
            eventId = default;
            return false;
        }

        eventId = new Guid(block.Slice(MailboxLayout.EventIdOffset, 16), bigEndian: true);
        return true;
    }

    private static void CheckBlockLength(ReadOnlySpan<byte> block)
    {
        if (block.Length < MailboxLayout.BlockSize)
        {
            ThrowHelper.ThrowTruncated(block.Length, MailboxLayout.BlockSize, "block");
        }

        if (block.Length > MailboxLayout.BlockSize)
        {
            ThrowHelper.ThrowTooLong(nameof(block), block.Length, MailboxLayout.BlockSize);
        }
    }

    private static uint ReadUInt32(ReadOnlySpan<byte> block, int offset) =>
        BinaryPrimitives.ReadUInt32LittleEndian(block[offset..]);
}
