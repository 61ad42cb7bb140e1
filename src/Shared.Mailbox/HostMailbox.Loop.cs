using System.Diagnostics;
using Shared.Mailbox.Internal;

namespace Shared.Mailbox;

public sealed partial class HostMailbox
{
    private const int WriteBlock = 0;
    private const int EventBlock = 1;
    private const int ReadBlock = 2;
    private const int BufferBlocks = 3;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private long _lastReadTimestamp;
    private long _reads;
    private long _writes;

    /// <summary>Reply-block reads since start (for tests: no I/O while idle).</summary>
    internal long Reads => Interlocked.Read(ref _reads);

    /// <summary>Block writes (request block and doorbell) since start.</summary>
    internal long Writes => Interlocked.Read(ref _writes);

    /// <summary>
    /// The one loop that does I/O: refresh the baseline after idling, place queued requests, write the block (and
    /// ring), then poll the reply block while anything is in flight. Idle: it waits for a request, no I/O.
    /// </summary>
    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var baselineFresh = false;
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var wake = _signal.Arm();
            bool idle;
            lock (_lock)
            {
                idle = !_dirty && _queue.Count == 0 && !HasOccupiedSlots();
                if (idle && _stopping)
                {
                    return;
                }
            }

            try
            {
                if (idle)
                {
                    baselineFresh = false;
                    await wake.WaitAsync(cancellationToken);
                    continue;
                }

                if (!baselineFresh)
                {
                    // Replies that landed while idle (a late answer to a withdrawn request) become baseline.
                    await ReadRepliesAsync(cancellationToken);
                    baselineFresh = true;
                }

                bool dirty;
                lock (_lock)
                {
                    AssignQueued();
                    dirty = _dirty;
                }

                if (dirty)
                {
                    await WriteOwnBlockAsync(cancellationToken);
                }

                bool occupied;
                lock (_lock)
                {
                    occupied = HasOccupiedSlots();
                }

                if (occupied)
                {
                    // Polls keep their phase: a write in between (a new request, CLEAN) does not push the next read
                    // back by a whole interval.
                    var wait = _options.PollInterval - _timeProvider.GetElapsedTime(_lastReadTimestamp);
                    var due = true;
                    if (wait > TimeSpan.Zero)
                    {
                        // Whole milliseconds: a shorter timer may fire at once and spin.
                        var delay = Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds)), _timeProvider, cancellationToken);
                        due = await Task.WhenAny(wake, delay) == delay;
                        cancellationToken.ThrowIfCancellationRequested();
                    }

                    if (due || _timeProvider.GetElapsedTime(_lastReadTimestamp) >= _options.PollInterval)
                    {
                        await ReadRepliesAsync(cancellationToken);
                    }
                }

                failures = 0;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (IOException ex)
            {
                failures++;
                baselineFresh = false;
                var backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, _options.PollInterval.Ticks << Math.Min(failures, 16)));
                Log.IoFailed(_logger, ex, _options.HostId, failures, backoff);
                try
                {
                    await Task.Delay(backoff, _timeProvider, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            catch (Exception ex)
            {
                Fail(ex);
                throw;
            }
        }
    }

    private async Task ReadRepliesAsync(CancellationToken cancellationToken)
    {
        Debug.Assert(_outbox is not null && _buffers is not null);
        await _outbox.ReadAsync(_options.HostId, _buffers.Blocks(ReadBlock, 1), cancellationToken);
        _lastReadTimestamp = _timeProvider.GetTimestamp();
        Interlocked.Increment(ref _reads);
        List<(TaskCompletionSource<ExtendReply> Waiter, ExtendReply Reply)>? completions = null;
        lock (_lock)
        {
            ProcessReplies(_buffers.Block(ReadBlock), ref completions);
        }

        if (completions is not null)
        {
            foreach (var (waiter, reply) in completions)
            {
                waiter.TrySetResult(reply);
            }
        }
    }

    /// <summary>
    /// The reference's <c>_handleResponses</c>: only slots that changed since the last read count. A reply to a
    /// request awaiting one is answered and the slot becomes CLEAN; CLEAN echoed for a CLEAN slot frees it. The
    /// whole block becomes the new baseline, free slots included. Under the lock.
    /// </summary>
    private void ProcessReplies(ReadOnlySpan<byte> block, ref List<(TaskCompletionSource<ExtendReply>, ExtendReply)>? completions)
    {
        for (var slot = 0; slot < MailboxLayout.MessagesPerBlock; slot++)
        {
            var entry = _slots[slot];
            var current = block.Slice(slot * MailboxLayout.MessageSize, MailboxLayout.MessageSize);
            var previous = _baseline.AsSpan(slot * MailboxLayout.MessageSize, MailboxLayout.MessageSize);
            if (entry is null || current[0] == 0 || current.SequenceEqual(previous))
            {
                continue;
            }

            if (MailboxCodec.IsClean(current))
            {
                if (entry.State == HostRequestState.Cleaning)
                {
                    FreeSlot(entry);
                    Log.SlotFreed(_logger, _options.HostId, slot);
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
                entry.State = HostRequestState.Cleaning;
                MailboxCodec.EncodeClean(MailboxCodec.GetSlot(_outgoing.AsSpan(), slot));
                _dirty = true;
                Log.Replied(_logger, _options.HostId, slot, entry.Message.Volume, entry.Message.SizeMib, reply.Succeeded);
            }
            else
            {
                Log.StaleReplyIgnored(_logger, _options.HostId, slot);
            }
        }

        block.CopyTo(_baseline);
    }

    /// <summary>Moves queued requests into the lowest free slots. Under the lock.</summary>
    private void AssignQueued()
    {
        while (!_stopping && _queue.First is { } node)
        {
            var entry = node.Value;
            var slot = ChooseSlot(entry.Payload);
            if (slot < 0)
            {
                return;
            }

            _queue.RemoveFirst();
            entry.State = HostRequestState.AwaitingReply;
            entry.Slot = slot;
            _slots[slot] = entry;
            entry.Payload.CopyTo(MailboxCodec.GetSlot(_outgoing.AsSpan(), slot));
            _dirty = true;
        }
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

            var baseline = MailboxCodec.GetSlot(_baseline.AsSpan(), slot);
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

    /// <summary>Writes the host's request block with a fresh checksum, then rings the doorbell (block 0).</summary>
    private async Task WriteOwnBlockAsync(CancellationToken cancellationToken)
    {
        Debug.Assert(_inbox is not null && _buffers is not null);
        lock (_lock)
        {
            _outgoing.CopyTo(_buffers.Block(WriteBlock));
            _dirty = false;
        }

        MailboxCodec.SealHostBlock(_buffers.Block(WriteBlock));
        MailboxCodec.EncodeEvent(Guid.NewGuid(), _buffers.Block(EventBlock));
        try
        {
            await _inbox.WriteAsync(_options.HostId, _buffers.Blocks(WriteBlock, 1), cancellationToken);
            await _inbox.WriteAsync(MailboxLayout.EventsBlockIndex, _buffers.Blocks(EventBlock, 1), cancellationToken);
            Interlocked.Add(ref _writes, 2);
        }
        catch
        {
            lock (_lock)
            {
                _dirty = true;
            }

            throw;
        }
    }
}
