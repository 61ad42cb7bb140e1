using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shared.Mailbox.Internal;

namespace Shared.Mailbox;

/// <summary>
/// The host role (agent side) for one host id: places extend requests in the host's inbox block and completes
/// them with the manager's replies, with the reference's CLEAN handshake. No I/O at all while idle; while
/// something is in flight the reply block is read every <see cref="HostMailboxOptions.PollInterval"/>. Every
/// write of the host block is followed by a doorbell write to the events block.
/// </summary>
public sealed partial class HostMailbox : IAsyncDisposable
{
    private readonly HostMailboxOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<HostMailbox> _logger;
    private readonly Lock _lock = new();
    private readonly AsyncSignal _signal = new();
    private readonly SemaphoreSlim _admission;

    // Guarded by _lock.
    private readonly HostRequest?[] _slots = new HostRequest?[MailboxLayout.MessagesPerBlock];
    private readonly LinkedList<HostRequest> _queue = new();
    private readonly byte[] _outgoing = new byte[MailboxLayout.BlockSize];
    private bool _dirty;
    private bool _stopping;
    private Exception? _fault;

    // Owned by the loop (and by start and stop, which do not overlap with it).
    private readonly byte[] _baseline = new byte[MailboxLayout.BlockSize];
    private MailboxDevice? _inbox;
    private MailboxDevice? _outbox;
    private MailboxBuffer? _buffers;
    private CancellationTokenSource? _loopCancellation;
    private Task? _loop;
    private int _started;

    /// <summary>Creates the role; nothing is opened until <see cref="StartAsync"/>.</summary>
    /// <exception cref="OptionsValidationException">Invalid options.</exception>
    public HostMailbox(HostMailboxOptions options, TimeProvider timeProvider, ILogger<HostMailbox> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        var validation = new HostMailboxOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(nameof(HostMailboxOptions), typeof(HostMailboxOptions), validation.Failures);
        }

        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _admission = new SemaphoreSlim(MailboxLayout.MessagesPerBlock + options.QueueCapacity);
    }

    /// <summary>The host id this role writes for.</summary>
    public int HostId => _options.HostId;

    /// <summary>Slots in use: requests awaiting a reply plus those finishing the CLEAN handshake (at most 63).</summary>
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

    /// <summary>
    /// Opens the inbox and outbox, takes this host's reply block as the baseline (stale replies are not new),
    /// zeroes this host's request block (stale requests of an earlier run are withdrawn) and starts the loop.
    /// </summary>
    /// <exception cref="IOException">A device cannot be opened, is too small, or the first I/O failed.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("The host mailbox was already started.");
        }

        try
        {
            _inbox = MailboxDevice.Open(_options.InboxPath, _options.IoMode, writable: true);
            _outbox = MailboxDevice.Open(_options.OutboxPath, _options.IoMode, writable: false);
            _inbox.EnsureBlocks(_options.HostId, $"host {_options.HostId}");
            _outbox.EnsureBlocks(_options.HostId, $"host {_options.HostId}");
            _buffers = new MailboxBuffer(BufferBlocks);

            await _outbox.ReadAsync(_options.HostId, _buffers.Blocks(ReadBlock, 1), cancellationToken);
            _buffers.Block(ReadBlock).CopyTo(_baseline);
            await WriteOwnBlockAsync(cancellationToken);
        }
        catch
        {
            DisposeResources();
            throw;
        }

        _loopCancellation = new CancellationTokenSource();
        _loop = Task.Run(() => RunAsync(_loopCancellation.Token), CancellationToken.None);
        Log.Started(_logger, _options.HostId, _options.InboxPath, _options.OutboxPath, _options.IoMode);
    }

    /// <summary>
    /// Sends an extend request and completes with the manager's reply. An identical request already in flight is
    /// joined (both callers get its reply). Waits while 63 requests are in flight and the queue is full.
    /// Cancelling withdraws the request (its slot is zeroed) unless other callers still wait for it.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled, or the mailbox stopped before the reply.</exception>
    /// <exception cref="IOException">The loop failed for good.</exception>
    public async Task<ExtendReply> SendAsync(ExtendMessage request, CancellationToken cancellationToken)
    {
        if (request.SizeMib > MailboxLayout.MaxSizeMib)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.SizeMib, $"The size must be 0..{MailboxLayout.MaxSizeMib} MiB.");
        }

        if (Volatile.Read(ref _started) == 0)
        {
            throw new InvalidOperationException("The host mailbox is not started.");
        }

        await _admission.WaitAsync(cancellationToken);
        try
        {
            var waiter = new TaskCompletionSource<ExtendReply>(TaskCreationOptions.RunContinuationsAsynchronously);
            HostRequest entry;
            lock (_lock)
            {
                ThrowIfUnavailable();
                entry = FindJoinable(request) ?? Enqueue(request);
                entry.Waiters.Add(waiter);
            }

            _signal.Set();
            await using var registration = cancellationToken.Register(() => Withdraw(entry, waiter, cancellationToken));
            return await waiter.Task;
        }
        finally
        {
            _admission.Release();
        }
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

    private HostRequest Enqueue(ExtendMessage request)
    {
        var entry = new HostRequest(request);
        _queue.AddLast(entry);
        return entry;
    }

    private void Withdraw(HostRequest entry, TaskCompletionSource<ExtendReply> waiter, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!entry.Waiters.Remove(waiter))
            {
                return;
            }

            if (entry.Waiters.Count == 0)
            {
                if (entry.State == HostRequestState.Queued)
                {
                    _queue.Remove(entry);
                }
                else if (entry.State == HostRequestState.AwaitingReply)
                {
                    Log.Withdrawn(_logger, _options.HostId, entry.Slot, entry.Message.Volume);
                    FreeSlot(entry);
                }
            }
        }

        waiter.TrySetCanceled(cancellationToken);
        _signal.Set();
    }

    /// <summary>Frees the entry's slot and zeroes it in the outgoing block. Under the lock.</summary>
    private void FreeSlot(HostRequest entry)
    {
        _slots[entry.Slot] = null;
        MailboxCodec.GetSlot(_outgoing.AsSpan(), entry.Slot).Clear();
        _dirty = true;
    }

    private void ThrowIfUnavailable()
    {
        if (_fault is not null)
        {
            throw new IOException($"The host mailbox of host {_options.HostId} failed: {_fault.Message}", _fault);
        }

        if (_stopping)
        {
            throw new OperationCanceledException("The host mailbox is stopping.");
        }
    }
}
