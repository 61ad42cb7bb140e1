namespace Shared.Mailbox.Internal;

/// <summary>
/// What the manager last accepted from the inbox, under one lock: each host's last valid (or empty) block, the
/// request dispatched per slot and whether it was answered. The scan changes it (<see cref="Accept"/>); replies mark
/// requests answered; the outbox reads which slots hold CLEAN.
/// </summary>
internal sealed class ManagerInboxView
{
    private readonly Lock _lock = new();
    private readonly byte[] _view;
    private readonly MailboxRequest?[] _current;
    private readonly bool[] _answered;

    public ManagerInboxView(int blocks)
    {
        _view = new byte[blocks * MailboxLayout.BlockSize];
        _current = new MailboxRequest?[blocks * MailboxLayout.SlotsPerBlock];
        _answered = new bool[_current.Length];
    }

    /// <summary>True when <paramref name="block"/> is exactly the accepted block of the host.</summary>
    public bool IsUnchanged(int hostId, ReadOnlySpan<byte> block)
    {
        lock (_lock)
        {
            return block.SequenceEqual(_view.AsSpan(hostId * MailboxLayout.BlockSize, MailboxLayout.BlockSize));
        }
    }

    /// <summary>
    /// Accepts a valid (or empty) host block, slot by slot: a new request is dispatched (built by
    /// <paramref name="create"/>), an unanswered request that left its slot is withdrawn. Returns true when a slot
    /// holds CLEAN that changed (to be echoed).
    /// </summary>
    public bool Accept(int hostId, ReadOnlySpan<byte> block, Func<MessageId, byte[], MailboxRequest> create, ref List<DispatchItem>? items)
    {
        var echo = false;
        lock (_lock)
        {
            for (var slot = 0; slot < MailboxLayout.MessagesPerBlock; slot++)
            {
                var id = new MessageId(hostId, slot);
                var current = MailboxBlockCodec.GetSlot(block, slot);
                var previous = _view.AsSpan(id.Value * MailboxLayout.MessageSize, MailboxLayout.MessageSize);
                if (current.SequenceEqual(previous))
                {
                    continue;
                }

                if (_current[id.Value] is { } old && !_answered[id.Value])
                {
                    (items ??= []).Add(new DispatchItem(DispatchKind.Withdrawn, hostId, old));
                }

                _current[id.Value] = null;
                _answered[id.Value] = false;
                switch (MailboxCodec.Classify(current))
                {
                    case MailboxMessageKind.Clean:
                        echo = true;
                        break;
                    case MailboxMessageKind.Extend or MailboxMessageKind.Unknown:
                        var request = create(id, current.ToArray());
                        _current[id.Value] = request;
                        (items ??= []).Add(new DispatchItem(DispatchKind.Request, hostId, request));
                        break;
                }
            }

            // Bytes outside the slots (reserved slot, checksum) too, so an identical block is skipped next time.
            block.CopyTo(_view.AsSpan(hostId * MailboxLayout.BlockSize, MailboxLayout.BlockSize));
        }

        return echo;
    }

    /// <summary>Marks the request answered if its slot still holds exactly it; false otherwise.</summary>
    public bool TryMarkAnswered(MailboxRequest request)
    {
        var index = request.Id.Value;
        lock (_lock)
        {
            if (!request.Payload.Span.SequenceEqual(_view.AsSpan(index * MailboxLayout.MessageSize, MailboxLayout.MessageSize)))
            {
                return false;
            }

            _answered[index] = true;
            return true;
        }
    }

    /// <summary>The reply was not written after all (the write gate refused): a withdrawal is reported again.</summary>
    public void UnmarkAnswered(MailboxRequest request)
    {
        var index = request.Id.Value;
        lock (_lock)
        {
            if (request.Payload.Span.SequenceEqual(_view.AsSpan(index * MailboxLayout.MessageSize, MailboxLayout.MessageSize)))
            {
                _answered[index] = false;
            }
        }
    }

    /// <summary>True when the accepted inbox slot at message index <paramref name="index"/> holds CLEAN.</summary>
    public bool IsClean(int index)
    {
        lock (_lock)
        {
            return MailboxCodec.IsClean(_view.AsSpan(index * MailboxLayout.MessageSize, MailboxLayout.MessageSize));
        }
    }
}
