using System.Buffers.Binary;
using System.Text;
using Shared.Mailbox.Tests.Support;

namespace Shared.Mailbox.Tests;

public sealed class MailboxCodecTests
{
    // The reference's worked example (vdsm-reference.md 3.8).
    private static readonly ExtendMessage WorkedExample = new(
        Guid.Parse("8adbc85e-e554-4ae0-b318-8a5465fe5fe1"), Guid.Parse("d772f1c6-3ebb-43c3-a42e-73fcd8255a5f"), 5120);

    private const string WorkedExampleHex =
        "3178746e64e15ffe65548a18b3e04a54e55ec8db8a5f5a25d8fc732ea4c343bb3ec6f172d7303030303030303030303030313430303030303030303030303030";

    public static TheoryData<int> MessageIndexes() => new(Enumerable.Range(0, TestVectors.Messages().Count));

    [Theory]
    [MemberData(nameof(MessageIndexes))]
    public void EncodeExtend_ReferenceVector_IsByteExact(int index)
    {
        var (message, expected) = TestVectors.Messages()[index];
        var actual = new byte[64];

        var written = MailboxCodec.EncodeExtend(message, actual);

        Assert.Equal(64, written);
        Assert.Equal(Convert.ToHexStringLower(expected), Convert.ToHexStringLower(actual));
    }

    [Theory]
    [MemberData(nameof(MessageIndexes))]
    public void DecodeExtend_ReferenceVector_GivesTheMessage(int index)
    {
        var (expected, bytes) = TestVectors.Messages()[index];

        Assert.Equal(MailboxMessageKind.Extend, MailboxCodec.Classify(bytes));
        Assert.Equal(expected, MailboxCodec.DecodeExtend(bytes));
    }

    [Fact]
    public void EncodeExtend_WorkedExample_MatchesTheReferenceDump()
    {
        var bytes = new byte[64];
        MailboxCodec.EncodeExtend(WorkedExample, bytes);

        Assert.Equal(WorkedExampleHex, Convert.ToHexStringLower(bytes));
        Assert.Equal("0000000000001400", Encoding.ASCII.GetString(bytes, 37, 16));
    }

    [Fact]
    public void EncodeExtend_PackedUuid_IsTheRfcBytesFullyReversed()
    {
        var bytes = new byte[64];
        MailboxCodec.EncodeExtend(new ExtendMessage(Guid.Parse("00010203-0405-4607-8001-020304050607"), Guid.Empty, 1), bytes);

        Assert.Equal("07060504030201800746050403020100", Convert.ToHexStringLower(bytes.AsSpan(5, 16)));
    }

    [Fact]
    public void DecodeExtend_UpperCaseSize_IsAccepted()
    {
        var bytes = Convert.FromHexString(WorkedExampleHex);
        Encoding.ASCII.GetBytes("00000000ABCDEF01").CopyTo(bytes, 37);

        Assert.Equal(0xABCDEF01UL, MailboxCodec.DecodeExtend(bytes).SizeMib);
    }

    [Theory]
    [InlineData(0, "31", "32", "version")]
    [InlineData(1, "78", "79", "opcode")]
    [InlineData(4, "64", "20", "opcode")]
    [InlineData(40, "30", "67", "hexadecimal")]
    [InlineData(52, "30", "2d", "hexadecimal")]
    [InlineData(53, "30", "31", "padding")]
    [InlineData(63, "30", "00", "padding")]
    public void DecodeExtend_MalformedField_ThrowsWithOffsetAndReason(int offset, string before, string after, string reason)
    {
        var bytes = Convert.FromHexString(WorkedExampleHex);
        Assert.Equal(before, Convert.ToHexStringLower(bytes.AsSpan(offset, 1)));
        bytes[offset] = Convert.FromHexString(after)[0];

        var error = Assert.Throws<MailboxFormatException>(() => MailboxCodec.DecodeExtend(bytes));

        Assert.Equal(offset, error.Offset);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
        Assert.Contains($"offset {offset}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeExtend_SizeAbove32Bits_IsRejected()
    {
        var bytes = Convert.FromHexString(WorkedExampleHex);
        Encoding.ASCII.GetBytes("0000000100000000").CopyTo(bytes, 37);

        var error = Assert.Throws<MailboxFormatException>(() => MailboxCodec.DecodeExtend(bytes));

        Assert.Equal(37, error.Offset);
    }

    [Fact]
    public void EncodeExtend_SizeAbove32Bits_Throws()
    {
        var bytes = new byte[64];

        Assert.Throws<ArgumentOutOfRangeException>(() => MailboxCodec.EncodeExtend(WorkedExample with { SizeMib = 0x1_0000_0000 }, bytes));
    }

    [Fact]
    public void DecodeExtend_Truncated_ThrowsFormatException()
    {
        var bytes = Convert.FromHexString(WorkedExampleHex);

        var error = Assert.Throws<MailboxFormatException>(() => MailboxCodec.DecodeExtend(bytes.AsSpan(0, 63)));

        Assert.Equal(63, error.Offset);
        Assert.Contains("truncated", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_EmptyCleanUnknown()
    {
        var slot = new byte[64];
        Assert.Equal(MailboxMessageKind.Empty, MailboxCodec.Classify(slot));

        slot[1] = 0x55; // first byte 0: still empty, as the reference treats it
        Assert.Equal(MailboxMessageKind.Empty, MailboxCodec.Classify(slot));

        MailboxCodec.EncodeClean(slot);
        Assert.All(slot, b => Assert.Equal(0x01, b));
        Assert.Equal(MailboxMessageKind.Clean, MailboxCodec.Classify(slot));

        Encoding.ASCII.GetBytes("1shrk").CopyTo(slot, 0);
        Assert.Equal(MailboxMessageKind.Unknown, MailboxCodec.Classify(slot));
        Assert.False(MailboxCodec.TryDecodeExtend(slot, out _));
        Assert.Throws<MailboxFormatException>(() => MailboxCodec.DecodeExtend(slot));
    }

    [Fact]
    public void ClassifyReply_SuccessFailureCleanNoneUnrelated()
    {
        var request = Convert.FromHexString(WorkedExampleHex);
        var reply = new byte[64];

        Assert.Equal(MailboxReplyState.None, MailboxCodec.ClassifyReply(request, reply));
        Assert.Equal(MailboxReplyState.Success, MailboxCodec.ClassifyReply(request, request));

        MailboxCodec.EncodeFailureReply(request, reply);
        Assert.Equal("0000000000000000", Encoding.ASCII.GetString(reply, 37, 16));
        Assert.Equal(request.AsSpan(0, 37).ToArray(), reply.AsSpan(0, 37).ToArray());
        Assert.Equal(MailboxReplyState.Failure, MailboxCodec.ClassifyReply(request, reply));

        MailboxCodec.EncodeClean(reply);
        Assert.Equal(MailboxReplyState.Clean, MailboxCodec.ClassifyReply(request, reply));

        MailboxCodec.EncodeExtend(WorkedExample with { SizeMib = 4096 }, reply);
        Assert.Equal(MailboxReplyState.Unrelated, MailboxCodec.ClassifyReply(request, reply));
    }

    [Fact]
    public void MessageId_IsHostTimes64PlusSlot()
    {
        var id = new MessageId(7, 0);
        Assert.Equal(448, id.Value);
        Assert.Equal(448 * 64, id.Offset);
        Assert.Equal(new MessageId(3, 12), MessageId.FromValue((3 * 64) + 12));
        Assert.Equal(192, new MessageId(3, 0).Value);
    }

    [Fact]
    public void RoundUpToMib_RoundsUp()
    {
        Assert.Equal(5120UL, ExtendMessage.RoundUpToMib(5_368_709_120));
        Assert.Equal(1UL, ExtendMessage.RoundUpToMib(1));
        Assert.Equal(0UL, ExtendMessage.RoundUpToMib(0));
        Assert.Equal(2UL, ExtendMessage.RoundUpToMib((1 << 20) + 1));
    }

    [Fact]
    public void Codec_EncodeAndDecode_DoNotAllocate()
    {
        var bytes = new byte[64];
        var block = new byte[4096];
        MailboxCodec.EncodeExtend(WorkedExample, bytes);
        _ = MailboxCodec.DecodeExtend(bytes);
        MailboxBlockCodec.SealHostBlock(block);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            MailboxCodec.EncodeExtend(WorkedExample, bytes);
            _ = MailboxCodec.DecodeExtend(bytes);
            _ = MailboxCodec.Classify(bytes);
            bytes.CopyTo(block, 0);
            MailboxBlockCodec.SealHostBlock(block);
            _ = MailboxBlockCodec.CheckHostBlock(block);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void HostBlock_WorkedExample_ChecksumIs6452()
    {
        var block = new byte[4096];
        MailboxCodec.EncodeExtend(WorkedExample, block);

        var checksum = MailboxBlockCodec.SealHostBlock(block);

        Assert.Equal(6452u, checksum);
        Assert.Equal("34190000", Convert.ToHexStringLower(block.AsSpan(4092)));
        Assert.Equal(HostBlockStatus.Valid, MailboxBlockCodec.CheckHostBlock(block));
    }

    [Fact]
    public void HostBlock_ReferenceTestMessageAtHeadOrTail_Checksum6455()
    {
        var message = new ExtendMessage(WorkedExample.Domain, WorkedExample.Volume, 0x8000000);
        var head = new byte[4092];
        var tail = new byte[4092];
        MailboxCodec.EncodeExtend(message, head);
        MailboxCodec.EncodeExtend(message, tail.AsSpan(4092 - 64));

        Assert.Equal(6455u, MailboxBlockCodec.ComputeChecksum(head));
        Assert.Equal(6455u, MailboxBlockCodec.ComputeChecksum(tail));
    }

    [Theory]
    [InlineData("zeros", 0u, "00000000")]
    [InlineData("clean", 4032u, "c00f0000")]
    [InlineData("ff", 1043460u, "04ec0f00")]
    [InlineData("mod256", 521226u, "0af40700")]
    public void ComputeChecksum_ReferenceTable(string data, uint sum, string storedHex)
    {
        var block = new byte[4096];
        switch (data)
        {
            case "clean":
                block.AsSpan(0, 63 * 64).Fill(0x01);
                break;
            case "ff":
                block.AsSpan(0, 4092).Fill(0xFF);
                break;
            case "mod256":
                for (var i = 0; i < 4092; i++)
                {
                    block[i] = (byte)(i % 256);
                }

                break;
        }

        Assert.Equal(sum, MailboxBlockCodec.ComputeChecksum(block));
        MailboxBlockCodec.SealHostBlock(block);
        Assert.Equal(storedHex, Convert.ToHexStringLower(block.AsSpan(4092)));
    }

    [Fact]
    public void ComputeChecksum_ReferenceRandomBlocks_MatchStoredBytes()
    {
        var vectors = TestVectors.Checksums();
        Assert.NotEmpty(vectors);
        foreach (var (data, stored) in vectors)
        {
            Assert.Equal(4092, data.Length);
            Assert.Equal(BinaryPrimitives.ReadUInt32LittleEndian(stored), MailboxBlockCodec.ComputeChecksum(data));
            Assert.Equal(data.Sum(b => (long)b), MailboxBlockCodec.ComputeChecksum(data));

            var block = new byte[4096];
            data.CopyTo(block, 0);
            MailboxBlockCodec.SealHostBlock(block);
            Assert.Equal(Convert.ToHexStringLower(stored), Convert.ToHexStringLower(block.AsSpan(4092)));
        }
    }

    [Fact]
    public void CheckHostBlock_AllZero_IsEmptyNotValid()
    {
        var block = new byte[4096];

        Assert.Equal(HostBlockStatus.Empty, MailboxBlockCodec.CheckHostBlock(block));
        Assert.False(MailboxBlockCodec.TryValidateHostBlock(block));
    }

    [Fact]
    public void TryValidateHostBlock_BadChecksum_ThrowsAtChecksumOffset()
    {
        var block = new byte[4096];
        MailboxCodec.EncodeExtend(WorkedExample, block);
        Encoding.ASCII.GetBytes("bad!").CopyTo(block, 4092);

        var error = Assert.Throws<MailboxFormatException>(() => MailboxBlockCodec.TryValidateHostBlock(block));

        Assert.Equal(4092, error.Offset);
        Assert.Contains("checksum mismatch", error.Reason, StringComparison.Ordinal);
        Assert.Equal(HostBlockStatus.ChecksumMismatch, MailboxBlockCodec.CheckHostBlock(block));
    }

    [Fact]
    public void EventsBlock_RoundTripsAndUsesRfcByteOrder()
    {
        var id = Guid.Parse("4a6457d2-664b-41e6-8cec-6201260a75ff");
        var block = new byte[4096];
        block.AsSpan().Fill(0xEE);

        MailboxBlockCodec.EncodeEvent(id, block);

        Assert.Equal("006576744a6457d2664b41e68cec6201260a75ff", Convert.ToHexStringLower(block.AsSpan(0, 20)));
        Assert.False(block.AsSpan(20).ContainsAnyExcept((byte)0));
        Assert.True(MailboxBlockCodec.TryDecodeEvent(block, out var decoded));
        Assert.Equal(id, decoded);
        Assert.False(MailboxBlockCodec.TryDecodeEvent(new byte[4096], out _));
        Assert.Throws<MailboxFormatException>(() => MailboxBlockCodec.TryDecodeEvent(new byte[19], out _));
    }

    [Fact]
    public void EventsBlock_WithoutHint_IsTheReferencesBlock0_ByteForByte()
    {
        var reference = TestVectors.ReadBytes("inbox.bin").AsSpan(0, 4096).ToArray();
        var block = new byte[4096];

        MailboxBlockCodec.EncodeEvent(Guid.Parse("4a6457d2-664b-41e6-8cec-6201260a75ff"), 0, block);

        Assert.Equal(reference, block);
        Assert.False(MailboxBlockCodec.TryDecodeRingHint(reference, out _));
    }

    [Theory]
    [InlineData(1, "6c76786801000000")]
    [InlineData(250, "6c767868fa000000")]
    [InlineData(2000, "6c767868d0070000")]
    public void EventsBlock_RingHint_KeepsTheReferenceBytes_AndNamesTheHostInThePadding(int hostId, string hintHex)
    {
        var id = Guid.Parse("4a6457d2-664b-41e6-8cec-6201260a75ff");
        var plain = new byte[4096];
        var hinted = new byte[4096];
        hinted.AsSpan().Fill(0xEE);
        MailboxBlockCodec.EncodeEvent(id, plain);

        MailboxBlockCodec.EncodeEvent(id, hostId, hinted);

        Assert.Equal(plain.AsSpan(0, 20).ToArray(), hinted.AsSpan(0, 20).ToArray()); // what the reference's SPM reads
        Assert.Equal(hintHex, Convert.ToHexStringLower(hinted.AsSpan(MailboxLayout.RingHintOffset, MailboxLayout.RingHintLength)));
        Assert.False(hinted.AsSpan(MailboxLayout.RingHintOffset + MailboxLayout.RingHintLength).ContainsAnyExcept((byte)0));
        Assert.True(MailboxBlockCodec.TryDecodeEvent(hinted, out var decoded));
        Assert.Equal(id, decoded);
        Assert.True(MailboxBlockCodec.TryDecodeRingHint(hinted, out var named));
        Assert.Equal(hostId, named);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(2001)]
    [InlineData(int.MaxValue)]
    public void RingHint_OutOfRange_IsNoHint(int hostId)
    {
        var block = new byte[4096];
        MailboxBlockCodec.EncodeEvent(Guid.NewGuid(), 5, block);
        BinaryPrimitives.WriteInt32LittleEndian(block.AsSpan(MailboxLayout.RingHintOffset + 4), hostId);

        Assert.False(MailboxBlockCodec.TryDecodeRingHint(block, out var named));
        Assert.Equal(0, named);
    }

    [Fact]
    public void RingHint_WithoutTheMarker_OrTruncated_IsNoHint()
    {
        var block = new byte[4096];
        MailboxBlockCodec.EncodeEvent(Guid.NewGuid(), 5, block);
        Assert.True(MailboxBlockCodec.TryDecodeRingHint(block.AsSpan(0, 28), out _));

        Assert.False(MailboxBlockCodec.TryDecodeRingHint(block.AsSpan(0, 27), out _));
        block[MailboxLayout.RingHintOffset] ^= 0x20; // "Lvxh"
        Assert.False(MailboxBlockCodec.TryDecodeRingHint(block, out _));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(2001)]
    public void EncodeEvent_HostOutOfRange_Throws(int hostId) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MailboxBlockCodec.EncodeEvent(Guid.NewGuid(), hostId, new byte[4096]));
}
