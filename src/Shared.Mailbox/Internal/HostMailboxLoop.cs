using Microsoft.Extensions.Logging;

namespace Shared.Mailbox.Internal;

/// <summary>
/// The host role's I/O: the inbox and outbox devices, their aligned buffers and the one loop that writes the
/// host's request block (then rings the doorbell) and polls its reply block while anything is in flight, on the
/// schedule of <see cref="HostPollSchedule"/>. Idle, it waits for a request and does no I/O at all.
/// </summary>
internal sealed class HostMailboxLoop : IDisposable
{
    private const int WriteBlock = 0;
    private const int EventBlock = 1;
    private const int ReadBlock = 2;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private readonly HostMailboxOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly HostRequestTable _table;
    private readonly AsyncSignal _signal;
    private readonly HostPollSchedule _schedule;
    private readonly MailboxDevice _inbox;
    private readonly MailboxDevice _outbox;
    private readonly MailboxBuffer _buffers;
    private readonly Action<long> _answered;
    private long _lastReadTimestamp;
    private long _reads;
    private long _writes;

    private HostMailboxLoop(
        HostMailboxOptions options, TimeProvider timeProvider, ILogger logger, HostRequestTable table, AsyncSignal signal,
        MailboxDevice inbox, MailboxDevice outbox)
    {
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _table = table;
        _signal = signal;
        _inbox = inbox;
        _outbox = outbox;
        _schedule = new HostPollSchedule(options, timeProvider);
        _buffers = new MailboxBuffer(3);
        _answered = _schedule.OnReply;
    }

    /// <summary>Reply-block reads since start.</summary>
    public long Reads => Interlocked.Read(ref _reads);

    /// <summary>Block writes (request block and doorbell) since start.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>
    /// Opens both devices (checking that this host's blocks exist), takes the reply block as the baseline and zeroes
    /// the request block (stale requests of an earlier run are withdrawn).
    /// </summary>
    /// <exception cref="IOException">A device cannot be opened, is too small, or the first I/O failed.</exception>
    public static HostMailboxLoop Open(
        HostMailboxOptions options, TimeProvider timeProvider, ILogger logger, HostRequestTable table, AsyncSignal signal)
    {
        MailboxDevice? inbox = null;
        MailboxDevice? outbox = null;
        HostMailboxLoop? loop = null;
        try
        {
            inbox = MailboxDevice.Open(options.InboxPath, options.IoMode, writable: true);
            outbox = MailboxDevice.Open(options.OutboxPath, options.IoMode, writable: false);
            inbox.EnsureBlocks(options.HostId, $"host {options.HostId}");
            outbox.EnsureBlocks(options.HostId, $"host {options.HostId}");
            loop = new HostMailboxLoop(options, timeProvider, logger, table, signal, inbox, outbox);
            loop._outbox.Read(options.HostId, loop._buffers.Block(ReadBlock));
            table.SetBaseline(loop._buffers.Block(ReadBlock));
            loop.WriteOwnBlock();
            return loop;
        }
        catch
        {
            if (loop is not null)
            {
                loop.Dispose();
            }
            else
            {
                inbox?.Dispose();
                outbox?.Dispose();
            }

            throw;
        }
    }

    /// <summary>
    /// Runs until cancelled, or until it is idle while stopping. I/O errors are retried with capped exponential
    /// backoff; anything else fails the table's waiters, is logged and faults the returned task.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var baselineFresh = false;
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var wake = _signal.Arm();
            var (idle, stopping) = _table.State();
            if (idle && stopping)
            {
                return;
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
                    ReadReplies();
                    baselineFresh = true;
                }

                if (_table.AssignQueued())
                {
                    WriteOwnBlock();
                }

                if (_table.Occupied())
                {
                    await PollAsync(wake, cancellationToken);
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
                HostMailbox.Log.IoFailed(_logger, ex, _options.HostId, failures, backoff);
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
                HostMailbox.Log.LoopFailed(_logger, ex, _options.HostId);
                foreach (var waiter in _table.Fail(ex))
                {
                    waiter.TrySetException(ex);
                }

                throw;
            }
        }
    }

    /// <summary>Writes the (zeroed) block once more when stopping; I/O errors are the caller's.</summary>
    public void WriteFinalBlock()
    {
        _table.ClearOutgoing();
        WriteOwnBlock();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _inbox.Dispose();
        _outbox.Dispose();
        _buffers.Dispose();
    }

    /// <summary>
    /// Waits for the next poll (or a wake-up: a new request or a withdrawal), then reads if due. Polls keep their
    /// phase: a write in between does not push the next read back by a whole interval.
    /// </summary>
    private async Task PollAsync(Task wake, CancellationToken cancellationToken)
    {
        var interval = _schedule.Interval(_table.NewestAwaitingWrite());
        var wait = interval - _timeProvider.GetElapsedTime(_lastReadTimestamp);
        var due = true;
        if (wait > TimeSpan.Zero)
        {
            // Not Task.Delay: with the system clock its resolution is a jiffy (4 ms), see PreciseTimer.
            var delay = PreciseTimer.Delay(wait, _timeProvider, cancellationToken);
            due = await Task.WhenAny(wake, delay) == delay;
            cancellationToken.ThrowIfCancellationRequested();
        }

        if (due || _timeProvider.GetElapsedTime(_lastReadTimestamp) >= _schedule.Interval(_table.NewestAwaitingWrite()))
        {
            ReadReplies();
        }
    }

    private void ReadReplies()
    {
        _outbox.Read(_options.HostId, _buffers.Block(ReadBlock));
        _lastReadTimestamp = _timeProvider.GetTimestamp();
        Interlocked.Increment(ref _reads);
        if (_table.ProcessReplies(_buffers.Block(ReadBlock), _answered) is { } completions)
        {
            foreach (var (waiter, reply) in completions)
            {
                waiter.TrySetResult(reply);
            }
        }
    }

    /// <summary>Writes the host's request block with a fresh checksum, then rings the doorbell (block 0), naming this host unless <see cref="HostMailboxOptions.RingHint"/> is off.</summary>
    private void WriteOwnBlock()
    {
        var block = _buffers.Block(WriteBlock);
        _table.TakeOutgoing(block);
        MailboxBlockCodec.SealHostBlock(block);
        MailboxBlockCodec.EncodeEvent(Guid.NewGuid(), _options.RingHint ? _options.HostId : 0, _buffers.Block(EventBlock));
        try
        {
            _inbox.Write(_options.HostId, block);
            _inbox.Write(MailboxLayout.EventsBlockIndex, _buffers.Block(EventBlock));
            Interlocked.Add(ref _writes, 2);
            _table.MarkWritten(_timeProvider.GetTimestamp());
            _schedule.OnWrite();
        }
        catch
        {
            _table.MarkDirty();
            throw;
        }
    }
}
