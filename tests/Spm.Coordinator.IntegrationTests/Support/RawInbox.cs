using LvExtend.TestSupport;
using LvExtend.TestSupport.Mailbox;
using Shared.Mailbox;

namespace Spm.Coordinator.IntegrationTests.Support;

/// <summary>
/// Writes requests into the inbox the way a host does (slot, checksum, doorbell), without a host role that would
/// clear the slot after the reply: the request stays pending, as with a host that is slow to read its reply.
/// </summary>
internal static class RawInbox
{
    public static void WriteExtend(TempMailbox mailbox, MessageId id, ExtendMessage message)
    {
        Span<byte> slot = stackalloc byte[MailboxLayout.MessageSize];
        MailboxCodec.EncodeExtend(message, slot);
        WriteSlot(mailbox, id, slot);
    }

    public static void WriteSlot(TempMailbox mailbox, MessageId id, ReadOnlySpan<byte> slot)
    {
        var block = mailbox.ReadInboxBlock(id.HostId);
        slot.CopyTo(MailboxBlockCodec.GetSlot(block.AsSpan(), id.Slot));
        MailboxBlockCodec.SealHostBlock(block);
        WriteBlock(mailbox, id.HostId, block);
    }

    /// <summary>Writes, in one write, a request whose block checksum is wrong (a torn or corrupt write), and rings the doorbell.</summary>
    public static void WriteCorruptBlock(TempMailbox mailbox, MessageId id, ExtendMessage message)
    {
        var block = new byte[MailboxLayout.BlockSize];
        MailboxCodec.EncodeExtend(message, MailboxBlockCodec.GetSlot(block.AsSpan(), id.Slot));
        MailboxBlockCodec.SealHostBlock(block);
        block[MailboxLayout.ChecksumOffset] ^= 0x5a;
        WriteBlock(mailbox, id.HostId, block);
    }

    /// <summary>
    /// Writes <paramref name="bytes"/> (a whole block, or less: a torn write keeps the rest of the block) at the start
    /// of host <paramref name="hostId"/>'s inbox block with buffered I/O and fsync, then rings the doorbell.
    /// </summary>
    public static void WriteBlock(TempMailbox mailbox, int hostId, ReadOnlySpan<byte> bytes)
    {
        using var file = new FileStream(mailbox.InboxPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        file.Position = (long)hostId * MailboxLayout.BlockSize;
        file.Write(bytes);
        var events = new byte[MailboxLayout.BlockSize];
        MailboxBlockCodec.EncodeEvent(Guid.NewGuid(), events);
        file.Position = 0;
        file.Write(events);
        file.Flush(flushToDisk: true);
    }

    /// <summary>Waits until the outbox slot holds a reply to <paramref name="message"/>; true on success, false for size 0.</summary>
    public static async Task<bool> WaitForReplyAsync(TempMailbox mailbox, MessageId id, ExtendMessage message, TimeSpan timeout)
    {
        var request = new byte[MailboxLayout.MessageSize];
        MailboxCodec.EncodeExtend(message, request);
        var state = MailboxReplyState.None;
        await Eventually.TrueAsync(
            () => (state = MailboxCodec.ClassifyReply(request, mailbox.ReadOutboxSlot(id))) is MailboxReplyState.Success or MailboxReplyState.Failure,
            $"a reply in outbox slot {id}",
            timeout,
            pollInterval: TimeSpan.FromMilliseconds(10));
        return state == MailboxReplyState.Success;
    }
}
