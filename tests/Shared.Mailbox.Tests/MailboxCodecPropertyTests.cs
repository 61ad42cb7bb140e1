using CsCheck;

namespace Shared.Mailbox.Tests;

/// <summary>
/// Round trips and damage: every truncation or bit flip of a valid message or block is either decoded identically
/// or rejected with <see cref="MailboxFormatException"/>; nothing else escapes.
/// </summary>
public sealed class MailboxCodecPropertyTests
{
    private static readonly Gen<ExtendMessage> GenMessage =
        Gen.Select(Gen.Guid, Gen.Guid, Gen.ULong[0, MailboxLayout.MaxSizeMib], (d, v, s) => new ExtendMessage(d, v, s));

    /// <summary>A valid host block: 0..63 random extend/CLEAN slots, sealed.</summary>
    private static readonly Gen<byte[]> GenHostBlock =
        Gen.Select(GenMessage.Array[1, 8], Gen.Int[0, 62], Gen.Bool, (messages, first, clean) =>
        {
            var block = new byte[MailboxLayout.BlockSize];
            for (var i = 0; i < messages.Length && first + i < MailboxLayout.MessagesPerBlock; i++)
            {
                var slot = MailboxBlockCodec.GetSlot(block.AsSpan(), first + i);
                if (clean && i == 0)
                {
                    MailboxCodec.EncodeClean(slot);
                }
                else
                {
                    MailboxCodec.EncodeExtend(messages[i], slot);
                }
            }

            MailboxBlockCodec.SealHostBlock(block);
            return block;
        });

    [Fact]
    public void EncodeDecode_RoundTrips() =>
        GenMessage.Sample(message =>
        {
            var bytes = new byte[64];
            MailboxCodec.EncodeExtend(message, bytes);
            Assert.Equal(MailboxMessageKind.Extend, MailboxCodec.Classify(bytes));
            Assert.Equal(message, MailboxCodec.DecodeExtend(bytes));

            var again = new byte[64];
            MailboxCodec.EncodeExtend(MailboxCodec.DecodeExtend(bytes), again);
            Assert.Equal(bytes, again);
        }, iter: 2000);

    [Fact]
    public void Message_EveryTruncation_IsRejected() =>
        GenMessage.Sample(message =>
        {
            var bytes = new byte[64];
            MailboxCodec.EncodeExtend(message, bytes);
            for (var length = 0; length < 64; length++)
            {
                var error = Assert.Throws<MailboxFormatException>(() => MailboxCodec.DecodeExtend(bytes.AsSpan(0, length)));
                Assert.Equal(length, error.Offset);
                Assert.Throws<MailboxFormatException>(() => MailboxCodec.Classify(bytes.AsSpan(0, length)));
            }
        }, iter: 200);

    [Fact]
    public void Message_EveryBitFlip_DecodesIdenticallyOrAsExactlyTheFlippedBytesOrIsRejected() =>
        GenMessage.Sample(message =>
        {
            var bytes = new byte[64];
            MailboxCodec.EncodeExtend(message, bytes);
            for (var bit = 0; bit < 64 * 8; bit++)
            {
                var flipped = (byte[])bytes.Clone();
                flipped[bit / 8] ^= (byte)(1 << (bit % 8));
                ExtendMessage decoded;
                try
                {
                    decoded = MailboxCodec.DecodeExtend(flipped);
                }
                catch (MailboxFormatException error)
                {
                    Assert.InRange(error.Offset, 0, 63);
                    continue;
                }

                // No checksum protects a single slot: a flip inside a UUID is a different, well-formed message
                // (which re-encodes to exactly the flipped bytes); a case flip of a hex digit decodes identically.
                var reencoded = new byte[64];
                MailboxCodec.EncodeExtend(decoded, reencoded);
                Assert.True(decoded == message || reencoded.AsSpan().SequenceEqual(flipped), $"bit {bit}");
            }

            // Classify never throws on 64 bytes, whatever they hold.
            for (var bit = 0; bit < 64 * 8; bit++)
            {
                var flipped = (byte[])bytes.Clone();
                flipped[bit / 8] ^= (byte)(1 << (bit % 8));
                _ = MailboxCodec.Classify(flipped);
            }
        }, iter: 100);

    [Fact]
    public void RandomSlot_ClassifyNeverThrows_DecodeThrowsOnlyFormatException() =>
        Gen.Byte.Array[64].Sample(bytes =>
        {
            var kind = MailboxCodec.Classify(bytes);
            Assert.True(Enum.IsDefined(kind));
            try
            {
                var message = MailboxCodec.DecodeExtend(bytes);
                Assert.Equal(MailboxMessageKind.Extend, kind);
                Assert.InRange(message.SizeMib, 0UL, MailboxLayout.MaxSizeMib);
            }
            catch (MailboxFormatException)
            {
                // Rejected: fine.
            }
        }, iter: 5000);

    [Fact]
    public void HostBlock_EveryBitFlip_IsRejected() =>
        GenHostBlock.Sample(block =>
        {
            Assert.True(MailboxBlockCodec.TryValidateHostBlock(block));
            for (var bit = 0; bit < MailboxLayout.BlockSize * 8; bit++)
            {
                block[bit / 8] ^= (byte)(1 << (bit % 8));
                try
                {
                    // A single flipped bit changes the byte sum (or the stored sum): always a mismatch, never "empty".
                    Assert.Equal(HostBlockStatus.ChecksumMismatch, MailboxBlockCodec.CheckHostBlock(block));
                    if (bit % 61 == 0)
                    {
                        Assert.Throws<MailboxFormatException>(() => MailboxBlockCodec.TryValidateHostBlock(block));
                    }
                }
                finally
                {
                    block[bit / 8] ^= (byte)(1 << (bit % 8));
                }
            }
        }, iter: 10);

    [Fact]
    public void HostBlock_EveryTruncation_IsRejected() =>
        GenHostBlock.Sample(block =>
        {
            for (var length = 0; length < MailboxLayout.BlockSize; length += 13)
            {
                var error = Assert.Throws<MailboxFormatException>(() => MailboxBlockCodec.TryValidateHostBlock(block.AsSpan(0, length)));
                Assert.Equal(length, error.Offset);
            }
        }, iter: 20);

    [Fact]
    public void HostBlock_TornWrite_NewRequestWithOldChecksum_IsRejected() =>
        Gen.Select(GenHostBlock, GenMessage, Gen.Int[0, 62]).Sample((oldBlock, added, slot) =>
        {
            // A 4 KiB write that reached the disk only in its first 512-byte sectors: the new request, the old checksum.
            var torn = (byte[])oldBlock.Clone();
            var target = MailboxBlockCodec.GetSlot(torn.AsSpan(), slot);
            var before = target.ToArray();
            MailboxCodec.EncodeExtend(added, target);
            if (before.AsSpan().SequenceEqual(target) || MailboxBlockCodec.ComputeChecksum(torn) == MailboxBlockCodec.ReadStoredChecksum(torn))
            {
                return; // nothing changed, or an (improbable) byte-sum collision: the reference's checksum is weak
            }

            Assert.Equal(HostBlockStatus.ChecksumMismatch, MailboxBlockCodec.CheckHostBlock(torn));
            MailboxBlockCodec.SealHostBlock(torn);
            Assert.Equal(HostBlockStatus.Valid, MailboxBlockCodec.CheckHostBlock(torn));
        }, iter: 500);

    [Fact]
    public void ComputeChecksum_EqualsTheByteSum() =>
        Gen.Byte.Array[4092, 4096].Sample(data =>
            Assert.Equal((uint)data.AsSpan(0, 4092).ToArray().Sum(b => (long)b), MailboxBlockCodec.ComputeChecksum(data)), iter: 500);

    [Fact]
    public void EventsBlock_RoundTrips() =>
        Gen.Guid.Sample(id =>
        {
            var block = new byte[MailboxLayout.BlockSize];
            MailboxBlockCodec.EncodeEvent(id, block);
            Assert.True(MailboxBlockCodec.TryDecodeEvent(block, out var decoded));
            Assert.Equal(id, decoded);
            Assert.Equal(MailboxMessageKind.Empty, MailboxCodec.Classify(block.AsSpan(0, 64)));
        }, iter: 500);
}
