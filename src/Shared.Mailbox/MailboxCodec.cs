using Shared.Mailbox.Internal;

namespace Shared.Mailbox;

/// <summary>
/// Encodes and decodes the 64-byte mailbox messages (the slots), byte-compatible with the reference. The
/// 4096-byte blocks around them (checksum, slot grid, events block) are <see cref="MailboxBlockCodec"/>'s. Does
/// not perform any I/O and does not allocate.
/// </summary>
/// <remarks>
/// An extend message (64 bytes):
/// <list type="table">
/// <item><term>0, 1</term><description>version: ASCII <c>'1'</c> (0x31).</description></item>
/// <item><term>1, 4</term><description>opcode: ASCII <c>xtnd</c>.</description></item>
/// <item><term>5, 16</term><description>storage domain UUID, packed: the 16 RFC 4122 (big-endian) bytes in
/// fully reversed order, i.e. the UUID's 128-bit value little-endian.</description></item>
/// <item><term>21, 16</term><description>volume UUID, packed the same way.</description></item>
/// <item><term>37, 16</term><description>new size in MiB: ASCII hex, lower case, zero-padded to 16 characters
/// (decoded case-insensitively), at most 0xFFFFFFFF.</description></item>
/// <item><term>53, 11</term><description>padding: ASCII <c>'0'</c> x 11.</description></item>
/// </list>
/// A reply sits at the request's offset in the outbox: byte-identical to the request on success, the same with
/// size 0 on failure. CLEAN is 64 x 0x01; a slot whose first byte is 0x00 is empty.
/// </remarks>
public static class MailboxCodec
{
    /// <summary>Version byte and opcode of an extend message.</summary>
    public static ReadOnlySpan<byte> ExtendHeader => "1xtnd"u8;

    private static ReadOnlySpan<byte> HexDigits => "0123456789abcdef"u8;

    private const byte CleanByte = 0x01;
    private const byte Zero = (byte)'0';

    /// <summary>Writes the 64-byte extend message into <paramref name="destination"/> and returns 64.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The size exceeds <see cref="MailboxLayout.MaxSizeMib"/>.</exception>
    public static int EncodeExtend(in ExtendMessage message, Span<byte> destination)
    {
        if (destination.Length < MailboxLayout.MessageSize)
        {
            ThrowHelper.ThrowDestinationTooSmall(nameof(destination), MailboxLayout.MessageSize, destination.Length);
        }

        if (message.SizeMib > MailboxLayout.MaxSizeMib)
        {
            ThrowHelper.ThrowSizeOutOfRange(message.SizeMib);
        }

        var slot = destination[..MailboxLayout.MessageSize];
        ExtendHeader.CopyTo(slot);
        WritePackedUuid(message.Domain, slot.Slice(MailboxLayout.DomainOffset, MailboxLayout.PackedUuidSize));
        WritePackedUuid(message.Volume, slot.Slice(MailboxLayout.VolumeOffset, MailboxLayout.PackedUuidSize));
        WriteSize(message.SizeMib, slot.Slice(MailboxLayout.SizeOffset, MailboxLayout.SizeLength));
        slot.Slice(MailboxLayout.PaddingOffset, MailboxLayout.PaddingLength).Fill(Zero);
        return MailboxLayout.MessageSize;
    }

    /// <summary>Classifies a 64-byte slot. Never throws for 64 bytes; an unknown opcode is <see cref="MailboxMessageKind.Unknown"/>.</summary>
    /// <exception cref="MailboxFormatException">Fewer than 64 bytes.</exception>
    public static MailboxMessageKind Classify(ReadOnlySpan<byte> slot)
    {
        CheckSlotLength(slot);
        if (slot[0] == 0)
        {
            return MailboxMessageKind.Empty;
        }

        if (!slot.ContainsAnyExcept(CleanByte))
        {
            return MailboxMessageKind.Clean;
        }

        return slot.StartsWith(ExtendHeader) ? MailboxMessageKind.Extend : MailboxMessageKind.Unknown;
    }

    /// <summary>Decodes an extend message, validating every field first.</summary>
    /// <exception cref="MailboxFormatException">Truncated, not an extend message, or a malformed field.</exception>
    public static ExtendMessage DecodeExtend(ReadOnlySpan<byte> slot)
    {
        CheckSlotLength(slot);
        if (slot[MailboxLayout.VersionOffset] != (byte)'1')
        {
            ThrowHelper.ThrowBadByte(MailboxLayout.VersionOffset, slot[MailboxLayout.VersionOffset], "the version '1'");
        }

        for (var i = 0; i < 4; i++)
        {
            var at = MailboxLayout.OpcodeOffset + i;
            if (slot[at] != ExtendHeader[at])
            {
                ThrowHelper.ThrowBadByte(at, slot[at], "the opcode 'xtnd'");
            }
        }

        var size = ParseSize(slot.Slice(MailboxLayout.SizeOffset, MailboxLayout.SizeLength));
        var padding = slot.Slice(MailboxLayout.PaddingOffset, MailboxLayout.PaddingLength);
        var badPadding = padding.IndexOfAnyExcept(Zero);
        if (badPadding >= 0)
        {
            ThrowHelper.ThrowBadByte(MailboxLayout.PaddingOffset + badPadding, padding[badPadding], "the padding '0'");
        }

        return new ExtendMessage(
            ReadPackedUuid(slot.Slice(MailboxLayout.DomainOffset, MailboxLayout.PackedUuidSize)),
            ReadPackedUuid(slot.Slice(MailboxLayout.VolumeOffset, MailboxLayout.PackedUuidSize)),
            size);
    }

    /// <summary>
    /// Decodes an extend message; returns false when the slot holds something else (empty, CLEAN, another
    /// opcode).
    /// </summary>
    /// <exception cref="MailboxFormatException">Truncated, or an extend message with a malformed field.</exception>
    public static bool TryDecodeExtend(ReadOnlySpan<byte> slot, out ExtendMessage message)
    {
        if (Classify(slot) != MailboxMessageKind.Extend)
        {
            message = default;
            return false;
        }

        message = DecodeExtend(slot);
        return true;
    }

    /// <summary>
    /// Writes the failure reply to <paramref name="request"/>: the same bytes with size 0 (bytes 37..52 ASCII '0').
    /// Returns 64.
    /// </summary>
    /// <exception cref="MailboxFormatException">The request is not a valid extend message.</exception>
    public static int EncodeFailureReply(ReadOnlySpan<byte> request, Span<byte> destination)
    {
        var message = DecodeExtend(request);
        return EncodeExtend(message with { SizeMib = 0 }, destination);
    }

    /// <summary>Writes CLEAN (64 x 0x01) into <paramref name="destination"/> and returns 64.</summary>
    public static int EncodeClean(Span<byte> destination)
    {
        if (destination.Length < MailboxLayout.MessageSize)
        {
            ThrowHelper.ThrowDestinationTooSmall(nameof(destination), MailboxLayout.MessageSize, destination.Length);
        }

        destination[..MailboxLayout.MessageSize].Fill(CleanByte);
        return MailboxLayout.MessageSize;
    }

    /// <summary>True when the slot is CLEAN.</summary>
    public static bool IsClean(ReadOnlySpan<byte> slot) => Classify(slot) == MailboxMessageKind.Clean;

    /// <summary>True when the slot is empty (first byte 0x00).</summary>
    public static bool IsEmpty(ReadOnlySpan<byte> slot) => Classify(slot) == MailboxMessageKind.Empty;

    /// <summary>
    /// What <paramref name="reply"/> (an outbox slot) means for <paramref name="request"/> (the inbox slot at the
    /// same offset). Success is byte identity; failure is the same bytes 0..36 with everything after ASCII '0'.
    /// </summary>
    /// <exception cref="MailboxFormatException">Either span is shorter than 64 bytes.</exception>
    public static MailboxReplyState ClassifyReply(ReadOnlySpan<byte> request, ReadOnlySpan<byte> reply)
    {
        CheckSlotLength(request);
        switch (Classify(reply))
        {
            case MailboxMessageKind.Empty:
                return MailboxReplyState.None;
            case MailboxMessageKind.Clean:
                return MailboxReplyState.Clean;
        }

        if (reply.SequenceEqual(request))
        {
            return MailboxReplyState.Success;
        }

        return reply[..MailboxLayout.SizeOffset].SequenceEqual(request[..MailboxLayout.SizeOffset])
            && !reply[MailboxLayout.SizeOffset..].ContainsAnyExcept(Zero)
            ? MailboxReplyState.Failure
            : MailboxReplyState.Unrelated;
    }

    private static void CheckSlotLength(ReadOnlySpan<byte> slot)
    {
        if (slot.Length < MailboxLayout.MessageSize)
        {
            ThrowHelper.ThrowTruncated(slot.Length, MailboxLayout.MessageSize, "message");
        }

        if (slot.Length > MailboxLayout.MessageSize)
        {
            ThrowHelper.ThrowTooLong(nameof(slot), slot.Length, MailboxLayout.MessageSize);
        }
    }

    private static void WritePackedUuid(Guid value, Span<byte> destination)
    {
        value.TryWriteBytes(destination, bigEndian: true, out _);
        destination.Reverse();
    }

    private static Guid ReadPackedUuid(ReadOnlySpan<byte> packed)
    {
        Span<byte> rfc = stackalloc byte[MailboxLayout.PackedUuidSize];
        packed.CopyTo(rfc);
        rfc.Reverse();
        return new Guid(rfc, bigEndian: true);
    }

    private static void WriteSize(ulong sizeMib, Span<byte> destination)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = HexDigits[(int)(sizeMib & 0xF)];
            sizeMib >>= 4;
        }
    }

    private static ulong ParseSize(ReadOnlySpan<byte> field)
    {
        ulong value = 0;
        for (var i = 0; i < field.Length; i++)
        {
            var c = field[i];
            int digit = c switch
            {
                >= (byte)'0' and <= (byte)'9' => c - '0',
                >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                ThrowHelper.ThrowBadByte(MailboxLayout.SizeOffset + i, c, "a hexadecimal digit of the size");
            }

            value = (value << 4) | (uint)digit;
        }

        if (value > MailboxLayout.MaxSizeMib)
        {
            ThrowHelper.ThrowFormat(MailboxLayout.SizeOffset, $"size 0x{value:x} MiB exceeds the maximum 0xffffffff");
        }

        return value;
    }
}
