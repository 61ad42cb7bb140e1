using Shared.Mailbox.Tests.Support;

namespace Shared.Mailbox.Tests;

/// <summary>The inbox and outbox images the reference wrote decode to exactly what their JSON says.</summary>
public sealed class MailboxImageTests
{
    [Fact]
    public void Inbox_DecodesToExactlyTheJson()
    {
        var image = TestVectors.ReadBytes("inbox.bin");
        var (maxHosts, expected) = TestVectors.Inbox();
        Assert.Equal(maxHosts * MailboxLayout.BlockSize, image.Length);

        var actual = DecodeInbox(image, maxHosts);

        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (hostId, requests) in expected)
        {
            Assert.Equal(requests, actual[hostId]);
        }
    }

    [Fact]
    public void Inbox_Block0_IsAnEventNotMail()
    {
        var image = TestVectors.ReadBytes("inbox.bin");
        var block0 = image.AsSpan(0, MailboxLayout.BlockSize);

        Assert.True(MailboxBlockCodec.TryDecodeEvent(block0, out var eventId));
        Assert.Equal(Guid.Parse("4a6457d2-664b-41e6-8cec-6201260a75ff"), eventId);
        Assert.Equal(MailboxMessageKind.Empty, MailboxCodec.Classify(block0[..64]));
    }

    [Fact]
    public void BadChecksumImage_Host2Rejected_OthersDecode()
    {
        var image = TestVectors.ReadBytes("inbox-bad-checksum-host2.bin");
        var (maxHosts, expected) = TestVectors.Inbox();

        var host2 = image.AsSpan(2 * MailboxLayout.BlockSize, MailboxLayout.BlockSize).ToArray();
        var error = Assert.Throws<MailboxFormatException>(() => MailboxBlockCodec.TryValidateHostBlock(host2));
        Assert.Equal(MailboxLayout.ChecksumOffset, error.Offset);
        Assert.Equal(HostBlockStatus.ChecksumMismatch, MailboxBlockCodec.CheckHostBlock(host2));

        var decoded = DecodeInbox(image, maxHosts, skipInvalid: true);
        Assert.DoesNotContain(2, decoded.Keys);
        foreach (var (hostId, requests) in expected.Where(h => h.Key != 2))
        {
            Assert.Equal(requests, decoded[hostId]);
        }
    }

    [Fact]
    public void Outbox_RepliesMatchTheJson()
    {
        var inbox = TestVectors.ReadBytes("inbox.bin");
        var outbox = TestVectors.ReadBytes("outbox.bin");
        var (maxHosts, expected) = TestVectors.Inbox();
        var (failedVolume, succeeded) = TestVectors.Outbox();
        var seenSucceeded = new Dictionary<Guid, ulong>();
        var seenFailed = new List<Guid>();

        foreach (var (hostId, requests) in expected)
        {
            for (var slot = 0; slot < requests.Count; slot++)
            {
                var offset = (int)new MessageId(hostId, slot).Offset;
                var request = inbox.AsSpan(offset, 64);
                var reply = outbox.AsSpan(offset, 64);
                var state = MailboxCodec.ClassifyReply(request, reply);
                var decoded = MailboxCodec.DecodeExtend(reply);
                Assert.Equal(requests[slot].Volume, decoded.Volume);
                Assert.Equal(requests[slot].Domain, decoded.Domain);
                if (state == MailboxReplyState.Success)
                {
                    seenSucceeded[decoded.Volume] = decoded.SizeMib;
                }
                else
                {
                    Assert.Equal(MailboxReplyState.Failure, state);
                    Assert.Equal(0UL, decoded.SizeMib);
                    seenFailed.Add(decoded.Volume);
                }
            }
        }

        Assert.Equal([failedVolume], seenFailed);
        Assert.Equal(succeeded.OrderBy(p => p.Key), seenSucceeded.OrderBy(p => p.Key));

        // Nothing else in the outbox: the reply blocks carry no checksum and no other slot is written.
        var expectedReplyBytes = expected.Sum(h => h.Value.Count) * 64;
        var nonZero = outbox.Count(b => b != 0);
        Assert.True(nonZero <= expectedReplyBytes, $"{nonZero} non-zero bytes");
        for (var hostId = 0; hostId < maxHosts; hostId++)
        {
            var block = outbox.AsSpan(hostId * 4096, 4096);
            Assert.False(block[(expected.TryGetValue(hostId, out var r) ? r.Count * 64 : 0)..].ContainsAnyExcept((byte)0));
        }
    }

    private static Dictionary<int, List<ExtendMessage>> DecodeInbox(byte[] image, int maxHosts, bool skipInvalid = false)
    {
        var result = new Dictionary<int, List<ExtendMessage>>();
        for (var hostId = MailboxLayout.MinHostId; hostId < maxHosts; hostId++)
        {
            var block = image.AsSpan(hostId * MailboxLayout.BlockSize, MailboxLayout.BlockSize);
            if (skipInvalid && MailboxBlockCodec.CheckHostBlock(block) == HostBlockStatus.ChecksumMismatch)
            {
                continue;
            }

            if (!MailboxBlockCodec.TryValidateHostBlock(block))
            {
                continue;
            }

            var messages = new List<ExtendMessage>();
            for (var slot = 0; slot < MailboxLayout.MessagesPerBlock; slot++)
            {
                var bytes = MailboxBlockCodec.GetSlot(block, slot);
                if (MailboxCodec.TryDecodeExtend(bytes, out var message))
                {
                    messages.Add(message);
                }
                else
                {
                    Assert.Equal(MailboxMessageKind.Empty, MailboxCodec.Classify(bytes));
                }
            }

            result[hostId] = messages;
        }

        return result;
    }
}
