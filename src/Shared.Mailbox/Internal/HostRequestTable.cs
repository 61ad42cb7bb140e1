using Microsoft.Extensions.Logging;

namespace Shared.Mailbox.Internal;

/// <summary>
/// The host role's state, all under one lock: the 63 slots, the queue of requests waiting for a slot, the block to
/// write next (with its dirty flag), the last reply block read (the baseline: only a change counts as a reply),
/// and whether the role is stopping or failed. Every change of that state is in this file; the loop
/// (<see cref="HostMailboxLoop"/>) does the I/O around it.
/// </summary>
internal sealed class HostRequestTable(int hostId, ILogger logger)
{
    private readonly Lock _lock = new();
    private readonly HostRequest?[] _slots = new HostRequest?[MailboxLayout.MessagesPerBlock];
    private readonly LinkedList<HostRequest> _queue = new();
    private readonly byte[] _outgoing = new byte[MailboxLayout.BlockSize];
    private readonly byte[] _baseline = new byte[MailboxLayout.BlockSize];
    private bool _dirty;
    private bool _stopping;
    private Exception? _fault;

    /// <summary>Slots in use: awaiting a reply or finishing the CLEAN handshake.</summary>
    public int InFlight
    {
        get
        {
            lock (_lock)
            {
                return _slots.Count(s => s is not null);
            }
        }
    }

    /// <summary>Distinct requests waiting for a free slot.</summary>
    public int Queued
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Joins an identical request already queued or awaiting its reply, or queues a new one.</summary>
    /// <exception cref="IOException">The role failed.</exception>
    /// <exception cref="OperationCanceledException">The role is stopping.</exception>
    public HostRequest Add(ExtendMessage request, TaskCompletionSource<ExtendReply> waiter)
    {
        lock (_lock)
        {
            if (_fault is not null)
            {
                throw new IOException($"The host mailbox of host {hostId} failed: {_fault.Message}", _fault);
            }

            if (_stopping)
            {
                throw new OperationCanceledException("The host mailbox is stopping.");
            }

            var entry = FindJoinable(request);
            if (entry is null)
            {
                entry = new HostRequest(request);
                _queue.AddLast(entry);
            }

            entry.Waiters.Add(waiter);
            return entry;
        }
    }

    /// <summary>Removes a cancelled waiter; the last one withdraws the request (its slot is zeroed). False if it was already done.</summary>
    public bool Withdraw(HostRequest entry, TaskCompletionSource<ExtendReply> waiter)
    {
        lock (_lock)
        {
            if (!entry.Waiters.Remove(waiter))
            {
                return false;
            }

            if (entry.Waiters.Count == 0)
            {
                if (entry.State == HostRequestState.Queued)
                {
                    _queue.Remove(entry);
                }
                else if (entry.State == HostRequestState.AwaitingReply)
                {
                    HostMailbox.Log.Withdrawn(logger, hostId, entry.Slot, entry.Message.Volume);
                    FreeSlot(entry);
                }
            }

            return true;
        }
    }

    /// <summary>What the loop has to do: nothing at all (idle), and whether it should end (idle and stopping).</summary>
    public (bool Idle, bool Stopping) State()
    {
        lock (_lock)
        {
            return (!_dirty && _queue.Count == 0 && !HasOccupiedSlots(), _stopping);
        }
    }

    /// <summary>True while any slot is in use (the reply block must be polled).</summary>
    public bool Occupied()
    {
        lock (_lock)
        {
            return HasOccupiedSlots();
        }
    }

    /// <summary>Moves queued requests into free slots; true when the block must be written.</summary>
    public bool AssignQueued()
    {
        lock (_lock)
        {
            while (!_stopping && _queue.First is { } node)
            {
                var entry = node.Value;
                var slot = ChooseSlot(entry.Payload);
                if (slot < 0)
                {
                    break;
                }

                _queue.RemoveFirst();
                entry.State = HostRequestState.AwaitingReply;
                entry.Slot = slot;
                _slots[slot] = entry;
                entry.Payload.CopyTo(MailboxBlockCodec.GetSlot(_outgoing.AsSpan(), slot));
                _dirty = true;
            }

            return _dirty;
        }
    }

    /// <summary>Copies the block to write into <paramref name="destination"/> and clears the dirty flag.</summary>
    public void TakeOutgoing(Span<byte> destination)
    {
        lock (_lock)
        {
            _outgoing.CopyTo(destination);
            _dirty = false;
        }
    }

    /// <summary>The taken block was written at <paramref name="timestamp"/>: the requests it carried for the first time were sent then.</summary>
    public void MarkWritten(long timestamp)
    {
        lock (_lock)
        {
            foreach (var entry in _slots)
            {
                if (entry is { State: HostRequestState.AwaitingReply, WrittenAt: 0 })
                {
                    entry.WrittenAt = timestamp;
                }
            }
        }
    }

    /// <summary>The write time of the newest request awaiting a reply; null when none is.</summary>
    public long? NewestAwaitingWrite()
    {
        lock (_lock)
        {
            long? newest = null;
            foreach (var entry in _slots)
            {
                if (entry is { State: HostRequestState.AwaitingReply, WrittenAt: not 0 } e && (newest is null || e.WrittenAt > newest))
                {
                    newest = e.WrittenAt;
                }
            }

            return newest;
        }
    }

    /// <summary>The write of the taken block failed: it must be written again.</summary>
    public void MarkDirty()
    {
        lock (_lock)
        {
            _dirty = true;
        }
    }

    /// <summary>A reply block read while nothing was waiting for it: all of it is old news.</summary>
    public void SetBaseline(ReadOnlySpan<byte> block)
    {
        lock (_lock)
        {
            block.CopyTo(_baseline);
        }
    }

    /// <summary>
    /// The reference's <c>_handleResponses</c>: only slots that changed since the last read count. A reply to a
    /// request awaiting one is answered and the slot becomes CLEAN; CLEAN echoed for a CLEAN slot frees it. The
    /// whole block becomes the new baseline. Returns the waiters to complete (outside the lock); <paramref name="answered"/>
    /// gets the write time of each request answered (under the lock).
    /// </summary>
    public List<(TaskCompletionSource<ExtendReply> Waiter, ExtendReply Reply)>? ProcessReplies(ReadOnlySpan<byte> block, Action<long>? answered = null)
    {
        List<(TaskCompletionSource<ExtendReply>, ExtendReply)>? completions = null;
        lock (_lock)
        {
            for (var slot = 0; slot < MailboxLayout.MessagesPerBlock; slot++)
            {
                var entry = _slots[slot];
                var current = MailboxBlockCodec.GetSlot(block, slot);
                var previous = MailboxBlockCodec.GetSlot(_baseline.AsSpan(), slot);
                if (entry is null || current[0] == 0 || current.SequenceEqual(previous))
                {
                    continue;
                }

                if (MailboxCodec.IsClean(current))
                {
                    if (entry.State == HostRequestState.Cleaning)
                    {
                        FreeSlot(entry);
                        HostMailbox.Log.SlotFreed(logger, hostId, slot);
                    }

                    continue;
                }

                if (entry.State != HostRequestState.AwaitingReply)
                {
                    continue;
                }

                var state = MailboxCodec.ClassifyReply(entry.Payload, current);
                if (state is MailboxReplyState.Success or MailboxReplyState.Failure)
                {
                    var reply = new ExtendReply(entry.Message, state == MailboxReplyState.Success);
                    completions ??= [];
                    foreach (var waiter in entry.Waiters)
                    {
                        completions.Add((waiter, reply));
                    }

                    entry.Waiters.Clear();
                    if (entry.WrittenAt != 0)
                    {
                        answered?.Invoke(entry.WrittenAt);
                    }

                    entry.State = HostRequestState.Cleaning;
                    MailboxCodec.EncodeClean(MailboxBlockCodec.GetSlot(_outgoing.AsSpan(), slot));
                    _dirty = true;
                    HostMailbox.Log.Replied(logger, hostId, slot, entry.Message.Volume, entry.Message.SizeMib, reply.Succeeded);
                }
                else
                {
                    HostMailbox.Log.StaleReplyIgnored(logger, hostId, slot);
                }
            }

            block.CopyTo(_baseline);
        }

        return completions;
    }

    /// <summary>
    /// Stopping: no new requests; those queued or awaiting a reply are withdrawn (their waiters returned, to be
    /// cancelled); slots finishing the CLEAN handshake stay until the echo. False if already stopping.
    /// </summary>
    public bool BeginStop(List<TaskCompletionSource<ExtendReply>> cancelled)
    {
        lock (_lock)
        {
            if (_stopping)
            {
                return false;
            }

            _stopping = true;
            foreach (var entry in _queue)
            {
                cancelled.AddRange(entry.Waiters);
            }

            _queue.Clear();
            foreach (var entry in _slots)
            {
                if (entry is { State: HostRequestState.AwaitingReply })
                {
                    cancelled.AddRange(entry.Waiters);
                    FreeSlot(entry);
                }
            }

            return true;
        }
    }

    /// <summary>The last write when stopping: an all-zero block.</summary>
    public void ClearOutgoing()
    {
        lock (_lock)
        {
            Array.Clear(_outgoing);
            _dirty = true;
        }
    }

    /// <summary>The loop failed for good: later sends fail with it; returns every waiter to fail.</summary>
    public List<TaskCompletionSource<ExtendReply>> Fail(Exception exception)
    {
        var waiters = new List<TaskCompletionSource<ExtendReply>>();
        lock (_lock)
        {
            _fault = exception;
            foreach (var entry in _queue)
            {
                waiters.AddRange(entry.Waiters);
            }

            foreach (var entry in _slots)
            {
                if (entry is not null)
                {
                    waiters.AddRange(entry.Waiters);
                }
            }
        }

        return waiters;
    }

    private HostRequest? FindJoinable(ExtendMessage request)
    {
        foreach (var entry in _slots)
        {
            if (entry is { State: HostRequestState.AwaitingReply } && entry.Message == request)
            {
                return entry;
            }
        }

        foreach (var entry in _queue)
        {
            if (entry.Message == request)
            {
                return entry;
            }
        }

        return null;
    }

    private void FreeSlot(HostRequest entry)
    {
        _slots[entry.Slot] = null;
        MailboxBlockCodec.GetSlot(_outgoing.AsSpan(), entry.Slot).Clear();
        _dirty = true;
    }

    /// <summary>
    /// The lowest free slot, skipping one whose baseline reply already looks like the answer to this request (it
    /// would never change, so the real reply could not be seen); -1 when all 63 are in use.
    /// </summary>
    private int ChooseSlot(ReadOnlySpan<byte> payload)
    {
        var fallback = -1;
        for (var slot = 0; slot < MailboxLayout.MessagesPerBlock; slot++)
        {
            if (_slots[slot] is not null)
            {
                continue;
            }

            var baseline = MailboxBlockCodec.GetSlot(_baseline.AsSpan(), slot);
            if (MailboxCodec.ClassifyReply(payload, baseline) is MailboxReplyState.Success or MailboxReplyState.Failure)
            {
                fallback = fallback < 0 ? slot : fallback;
                continue;
            }

            return slot;
        }

        return fallback;
    }

    private bool HasOccupiedSlots() => Array.Exists(_slots, s => s is not null);
}
