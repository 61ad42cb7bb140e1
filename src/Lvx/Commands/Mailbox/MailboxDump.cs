using Shared.Mailbox;

namespace Lvx.Commands.Mailbox;

/// <summary>One slot of a dumped host block.</summary>
internal sealed record SlotDump(
    int Slot, int MessageId, MailboxMessageKind Kind, ExtendMessage? Extend, MailboxReplyState? Reply, string? Error, string Hex);

/// <summary>One host block of a dumped inbox (only hosts with a non-zero block are listed).</summary>
internal sealed record HostDump(int HostId, HostBlockStatus Checksum, uint StoredChecksum, uint ComputedChecksum, IReadOnlyList<SlotDump> Slots);

/// <summary>
/// What <c>lvx mailbox dump</c> reports: read-only, from one read of each file. <c>EventId</c> is the events block's
/// UUID (null if never written), <c>RingHint</c> the host the last ring named (our hosts' ring hint), if it named one.
/// </summary>
internal sealed record MailboxDump(string Inbox, string? Outbox, int MaxHosts, Guid? EventId, int? RingHint, IReadOnlyList<HostDump> Hosts)
{
    /// <summary>The reference's default number of hosts.</summary>
    public const int DefaultMaxHosts = 250;

    /// <summary>
    /// Reads blocks 0..maxHosts of the inbox (and outbox) in one call each and decodes every host block. Without
    /// <paramref name="maxHosts"/>, 250 or as many as the inbox holds.
    /// </summary>
    public static MailboxDump Read(string inboxPath, string? outboxPath, int? maxHosts, MailboxIoMode ioMode)
    {
        using var inbox = MailboxDevice.Open(inboxPath, ioMode, writable: false);
        var hosts = maxHosts ?? (int)Math.Min(DefaultMaxHosts, inbox.BlockCount - 1);
        if (hosts is < MailboxLayout.MinHostId or > MailboxLayout.MaxHostId)
        {
            throw new CommandInputException(maxHosts is null
                ? $"--inbox: {inboxPath} is {inbox.Length} bytes: too small for one host block."
                : $"--max-hosts: {hosts} is not 1..{MailboxLayout.MaxHostId}.");
        }

        inbox.EnsureBlocks(hosts, $"--max-hosts {hosts}");
        using var requests = new MailboxBuffer(hosts + 1);
        inbox.Read(0, requests.Span);

        MailboxBuffer? replies = null;
        try
        {
            if (outboxPath is not null)
            {
                using var outbox = MailboxDevice.Open(outboxPath, ioMode, writable: false);
                outbox.EnsureBlocks(hosts, $"--max-hosts {hosts}");
                replies = new MailboxBuffer(hosts + 1);
                outbox.Read(0, replies.Span);
            }

            Guid? eventId = MailboxBlockCodec.TryDecodeEvent(requests.Block(0), out var id) ? id : null;
            int? ringHint = eventId is not null && MailboxBlockCodec.TryDecodeRingHint(requests.Block(0), out var named) ? named : null;
            var list = new List<HostDump>();
            for (var hostId = MailboxLayout.MinHostId; hostId <= hosts; hostId++)
            {
                var block = requests.Block(hostId);
                if (block.ContainsAnyExcept((byte)0))
                {
                    list.Add(DecodeHost(hostId, block, replies is null ? null : replies.Block(hostId)));
                }
            }

            return new MailboxDump(inboxPath, outboxPath, hosts, eventId, ringHint, list);
        }
        finally
        {
            replies?.Dispose();
        }
    }

    private static HostDump DecodeHost(int hostId, ReadOnlySpan<byte> block, ReadOnlySpan<byte> replies)
    {
        var slots = new List<SlotDump>();
        for (var slot = 0; slot < MailboxLayout.MessagesPerBlock; slot++)
        {
            var bytes = MailboxBlockCodec.GetSlot(block, slot);
            var kind = MailboxCodec.Classify(bytes);
            if (kind == MailboxMessageKind.Empty)
            {
                continue;
            }

            var id = new MessageId(hostId, slot);
            ExtendMessage? extend = null;
            string? error = null;
            if (kind == MailboxMessageKind.Extend)
            {
                try
                {
                    extend = MailboxCodec.DecodeExtend(bytes);
                }
                catch (MailboxFormatException ex)
                {
                    error = ex.Rebase(id.Offset).Message;
                }
            }

            MailboxReplyState? reply = replies.IsEmpty ? null : MailboxCodec.ClassifyReply(bytes, MailboxBlockCodec.GetSlot(replies, slot));
            slots.Add(new SlotDump(slot, id.Value, kind, extend, reply, error, Convert.ToHexStringLower(bytes)));
        }

        return new HostDump(hostId, MailboxBlockCodec.CheckHostBlock(block), MailboxBlockCodec.ReadStoredChecksum(block), MailboxBlockCodec.ComputeChecksum(block), slots);
    }
}
