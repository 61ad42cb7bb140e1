using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shared.Mailbox.Internal;

namespace Shared.Mailbox;

/// <summary>
/// The manager role (coordinator side): watches the events block every
/// <see cref="ManagerMailboxOptions.EventInterval"/> and scans hosts 1..MaxHosts when it changes (and at least every
/// <see cref="ManagerMailboxOptions.FullScanInterval"/>), validates checksums, echoes CLEAN, hands new requests to the
/// <see cref="IMailboxRequestHandler"/> and writes replies as single 4 KiB host blocks.
/// </summary>
public sealed partial class ManagerMailbox : IAsyncDisposable
{
    private const int DispatchQueueCapacity = 256;

    private readonly ManagerMailboxOptions _options;
    private readonly IMailboxRequestHandler _handler;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ManagerMailbox> _logger;
    private readonly int _blocks;

    // The last accepted (valid or empty) inbox content per host and what was dispatched per slot: under _viewLock.
    private readonly Lock _viewLock = new();
    private readonly byte[] _view;
    private readonly MailboxRequest?[] _current;
    private readonly bool[] _answered;

    // The outbox image and the hosts whose block must be rewritten: under _outLock, which also serializes writes.
    private readonly SemaphoreSlim _outLock = new(1, 1);
    private readonly HashSet<int> _dirtyHosts = [];

    private MailboxDevice? _inbox;
    private MailboxDevice? _outbox;
    private MailboxBuffer? _scan;
    private MailboxBuffer? _outgoing;
    private MailboxBuffer? _single;
    private Channel<DispatchItem>[] _queues = [];
    private Task[] _workers = [];
    private CancellationTokenSource? _stopping;
    private Task? _loop;
    private int _state; // 0 new, 1 started, 2 stopped
    private long _checksumErrors;
    private long _fullScans;
    private long _dispatched;

    /// <summary>Creates the role; nothing is opened until <see cref="StartAsync"/>.</summary>
    /// <exception cref="OptionsValidationException">Invalid options.</exception>
    public ManagerMailbox(ManagerMailboxOptions options, IMailboxRequestHandler handler, TimeProvider timeProvider, ILogger<ManagerMailbox> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        var validation = new ManagerMailboxOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(nameof(ManagerMailboxOptions), typeof(ManagerMailboxOptions), validation.Failures);
        }

        _options = options;
        _handler = handler;
        _timeProvider = timeProvider;
        _logger = logger;
        _blocks = options.MaxHosts + 1;
        _view = new byte[_blocks * MailboxLayout.BlockSize];
        _current = new MailboxRequest?[_blocks * MailboxLayout.SlotsPerBlock];
        _answered = new bool[_current.Length];
    }

    /// <summary>Host blocks that failed their checksum twice in a row (scan, then the quick re-read).</summary>
    public long ChecksumErrors => Interlocked.Read(ref _checksumErrors);

    /// <summary>Full scans done.</summary>
    public long FullScans => Interlocked.Read(ref _fullScans);

    /// <summary>Requests handed to the handler.</summary>
    public long RequestsDispatched => Interlocked.Read(ref _dispatched);

    /// <summary>
    /// Opens the devices, zeroes the outbox blocks 0..MaxHosts, starts the dispatch workers, scans once (every
    /// pending request is new) and starts the loop.
    /// </summary>
    /// <exception cref="IOException">A device cannot be opened, is too small, or the first I/O failed.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("The manager mailbox was already started.");
        }

        try
        {
            _inbox = MailboxDevice.Open(_options.InboxPath, _options.IoMode, writable: false);
            _outbox = MailboxDevice.Open(_options.OutboxPath, _options.IoMode, writable: true);
            _inbox.EnsureBlocks(_options.MaxHosts, $"{_options.MaxHosts} hosts");
            _outbox.EnsureBlocks(_options.MaxHosts, $"{_options.MaxHosts} hosts");
            _scan = new MailboxBuffer(_blocks);
            _outgoing = new MailboxBuffer(_blocks);
            _single = new MailboxBuffer(2);
            await _outbox.WriteAsync(0, _outgoing.Blocks(0, _blocks), cancellationToken);
        }
        catch
        {
            DisposeResources();
            Volatile.Write(ref _state, 2);
            throw;
        }

        _stopping = new CancellationTokenSource();
        StartWorkers(_stopping.Token);
        try
        {
            // Handlers are registered (the workers run) before the first scan: nothing found there is lost.
            await _inbox.ReadAsync(MailboxLayout.EventsBlockIndex, _single.Blocks(EventBlock, 1), cancellationToken);
            _single.Block(EventBlock)[..EventCompareLength].CopyTo(_lastEvent);
            await FullScanAsync(cancellationToken);
        }
        catch
        {
            await StopAsync(CancellationToken.None);
            DisposeResources();
            throw;
        }

        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        Log.Started(_logger, _options.InboxPath, _options.OutboxPath, _options.MaxHosts, _options.IoMode);
    }

    /// <summary>
    /// Writes the reply to <paramref name="request"/> as that host's single 4 KiB outbox block: the request's bytes on
    /// success, the same with size 0 on failure. Returns false, writing nothing, when the slot no longer holds that
    /// request or the mailbox is stopping.
    /// </summary>
    /// <exception cref="IOException">The write failed (it is retried at the next scan).</exception>
    public async ValueTask<bool> ReplyAsync(MailboxRequest request, bool success, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Payload.Length != MailboxLayout.MessageSize
            || request.Id.HostId is < MailboxLayout.MinHostId || request.Id.HostId > _options.MaxHosts
            || request.Id.Slot is < 0 or >= MailboxLayout.MessagesPerBlock)
        {
            throw new ArgumentException($"Not a request of this mailbox: {request.Id}.", nameof(request));
        }

        if (!success && request.Kind != MailboxMessageKind.Extend)
        {
            throw new ArgumentException("Only an extend request has a failure reply (size 0).", nameof(request));
        }

        await _outLock.WaitAsync(cancellationToken);
        try
        {
            if (Volatile.Read(ref _state) != 1 || _outbox is null || _outgoing is null)
            {
                return false;
            }

            var index = request.Id.Value;
            lock (_viewLock)
            {
                if (!request.Payload.Span.SequenceEqual(_view.AsSpan(index * MailboxLayout.MessageSize, MailboxLayout.MessageSize)))
                {
                    return false;
                }

                _answered[index] = true;
            }

            var slot = _outgoing.Span.Slice(index * MailboxLayout.MessageSize, MailboxLayout.MessageSize);
            if (success)
            {
                request.Payload.Span.CopyTo(slot);
            }
            else
            {
                MailboxCodec.EncodeFailureReply(request.Payload.Span, slot);
            }

            await WriteHostLockedAsync(request.Id.HostId, cancellationToken);
            Log.Replied(_logger, request.Id.HostId, request.Id.Slot, success);
            return true;
        }
        finally
        {
            _outLock.Release();
        }
    }

    /// <summary>Stops the loop and the dispatch workers; replies are no longer written. The outbox stays as it is.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, 2, 1) != 1 || _stopping is null)
        {
            return;
        }

        await _stopping.CancelAsync();
        foreach (var queue in _queues)
        {
            queue.Writer.TryComplete();
        }

        var all = _workers.Append(_loop ?? Task.CompletedTask);
        try
        {
            await Task.WhenAll(all).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The loop and workers end by cancellation.
        }

        // Writes in progress finish before the devices close.
        await _outLock.WaitAsync(cancellationToken);
        _outLock.Release();
        Log.Stopped(_logger);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        DisposeResources();
        _stopping?.Dispose();
    }

    /// <summary>Writes host <paramref name="hostId"/>'s outbox block; the caller holds <see cref="_outLock"/>.</summary>
    private async Task WriteHostLockedAsync(int hostId, CancellationToken cancellationToken)
    {
        try
        {
            await _outbox!.WriteAsync(hostId, _outgoing!.Blocks(hostId, 1), cancellationToken);
            _dirtyHosts.Remove(hostId);
        }
        catch (IOException)
        {
            _dirtyHosts.Add(hostId);
            throw;
        }
    }

    private void DisposeResources()
    {
        _inbox?.Dispose();
        _outbox?.Dispose();
        _scan?.Dispose();
        _outgoing?.Dispose();
        _single?.Dispose();
        _inbox = null;
        _outbox = null;
        _scan = null;
        _outgoing = null;
        _single = null;
    }
}
