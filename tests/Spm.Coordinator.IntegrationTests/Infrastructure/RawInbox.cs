using Shared.Mailbox;

namespace Spm.Coordinator.IntegrationTests.Infrastructure;

/// <summary>
/// Writes requests into the inbox the way a host does (slot, checksum, doorbell), without a host role that would
/// clear the slot after the reply: the request stays pending, as with a host that is slow to read its reply.
/// </summary>
internal static class RawInbox
{
    public static void WriteExtend(MailboxFiles files, MessageId id, ExtendMessage message)
    {
        Span<byte> slot = stackalloc byte[MailboxLayout.MessageSize];
        MailboxCodec.EncodeExtend(message, slot);
        WriteSlot(files, id, slot);
    }

    public static void WriteSlot(MailboxFiles files, MessageId id, ReadOnlySpan<byte> slot)
    {
        using var file = new FileStream(files.InboxPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        var block = new byte[MailboxLayout.BlockSize];
        file.Position = (long)id.HostId * MailboxLayout.BlockSize;
        file.ReadExactly(block);
        slot.CopyTo(MailboxBlockCodec.GetSlot(block.AsSpan(), id.Slot));
        MailboxBlockCodec.SealHostBlock(block);
        file.Position = (long)id.HostId * MailboxLayout.BlockSize;
        file.Write(block);

        var events = new byte[MailboxLayout.BlockSize];
        MailboxBlockCodec.EncodeEvent(Guid.NewGuid(), events);
        file.Position = 0;
        file.Write(events);
        file.Flush(flushToDisk: true);
    }

    /// <summary>Writes, in one write, a request whose block checksum is wrong (a torn or corrupt write), and rings the doorbell.</summary>
    public static void WriteCorruptBlock(MailboxFiles files, MessageId id, ExtendMessage message)
    {
        var block = new byte[MailboxLayout.BlockSize];
        MailboxCodec.EncodeExtend(message, MailboxBlockCodec.GetSlot(block.AsSpan(), id.Slot));
        MailboxBlockCodec.SealHostBlock(block);
        block[MailboxLayout.ChecksumOffset] ^= 0x5a;
        using var file = new FileStream(files.InboxPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        file.Position = (long)id.HostId * MailboxLayout.BlockSize;
        file.Write(block);
        var events = new byte[MailboxLayout.BlockSize];
        MailboxBlockCodec.EncodeEvent(Guid.NewGuid(), events);
        file.Position = 0;
        file.Write(events);
        file.Flush(flushToDisk: true);
    }

    /// <summary>The whole outbox, to compare before and after.</summary>
    public static byte[] ReadOutbox(MailboxFiles files) => File.ReadAllBytes(files.OutboxPath);

    /// <summary>Waits until the outbox slot holds a reply to <paramref name="message"/>; true on success, false for size 0.</summary>
    public static async Task<bool> WaitForReplyAsync(MailboxFiles files, MessageId id, ExtendMessage message, TimeSpan timeout)
    {
        var request = new byte[MailboxLayout.MessageSize];
        MailboxCodec.EncodeExtend(message, request);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var reply = files.ReadOutboxSlot(id);
            switch (MailboxCodec.ClassifyReply(request, reply))
            {
                case MailboxReplyState.Success:
                    return true;
                case MailboxReplyState.Failure:
                    return false;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No reply in slot {id} within {timeout.TotalSeconds} s.");
            }

            await Task.Delay(10);
        }
    }
}
