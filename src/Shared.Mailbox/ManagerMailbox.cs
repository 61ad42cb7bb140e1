using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shared.Mailbox.Internal;

namespace Shared.Mailbox;

/// <summary>
/// The manager role (coordinator side): watches the events block every
/// <see cref="ManagerMailboxOptions.EventInterval"/> and scans hosts 1..MaxHosts when it changes (and at least every
/// <see cref="ManagerMailboxOptions.FullScanInterval"/>), validates checksums, echoes CLEAN, hands new requests to the
/// <see cref="IMailboxRequestHandler"/> and writes replies as single 4 KiB host blocks. Every outbox write (the
/// zeroing at start included) first asks the <see cref="IMailboxWriteGate"/>. The parts: the inbox side
/// (<see cref="ManagerScanner"/>), the accepted state (<see cref="ManagerInboxView"/>), the outbox
/// (<see cref="ManagerOutbox"/>) and the handler calls (<see cref="ManagerDispatcher"/>).
/// </summary>
public sealed partial class ManagerMailbox : IAsyncDisposable
{
    private readonly ManagerMailboxOptions _options;
    private readonly IMailboxRequestHandler _handler;
    private readonly IMailboxWriteGate _writeGate;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ManagerMailbox> _logger;
    private readonly ManagerInboxView _view;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ManagerOutbox? _outbox;
    private ManagerScanner? _scanner;
    private ManagerDispatcher? _dispatcher;
    private CancellationTokenSource? _stopping;
    private Task? _loop;
    private int _state; // 0 new, 1 started, 2 stopped

    /// <summary>Creates the role without a write gate (every write allowed); nothing is opened until <see cref="StartAsync"/>.</summary>
    /// <exception cref="OptionsValidationException">Invalid options.</exception>
    public ManagerMailbox(ManagerMailboxOptions options, IMailboxRequestHandler handler, TimeProvider timeProvider, ILogger<ManagerMailbox> logger)
        : this(options, handler, MailboxWriteGate.Always, timeProvider, logger)
    {
    }

    /// <summary>Creates the role; <paramref name="writeGate"/> is asked immediately before every outbox write.</summary>
    /// <exception cref="OptionsValidationException">Invalid options.</exception>
    public ManagerMailbox(
        ManagerMailboxOptions options, IMailboxRequestHandler handler, IMailboxWriteGate writeGate, TimeProvider timeProvider,
        ILogger<ManagerMailbox> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(writeGate);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        ManagerMailboxOptionsValidator.ThrowIfInvalid(options);
        _options = options;
        _handler = handler;
        _writeGate = writeGate;
        _timeProvider = timeProvider;
        _logger = logger;
        _view = new ManagerInboxView(options.MaxHosts + 1);
    }

    /// <summary>Distinct bad host-block contents (each failed its checksum twice: the scan, then the quick re-read).</summary>
    public long ChecksumErrors => _scanner?.ChecksumErrors ?? 0;

    /// <summary>Full scans done.</summary>
    public long FullScans => _scanner?.FullScans ?? 0;

    /// <summary>Rings that named their host (our hosts' ring hint) whose block was dispatched before the rest of the inbox was read.</summary>
    public long HintedRings => _scanner?.HintedRings ?? 0;

    /// <summary>Requests handed to the handler.</summary>
    public long RequestsDispatched => _dispatcher?.Dispatched ?? 0;

    /// <summary>Outbox writes the write gate refused.</summary>
    public long RefusedWrites => _outbox?.RefusedWrites ?? 0;

    /// <summary>
    /// The scan loop: completes when the role stopped, faults when it failed for good (I/O errors are retried, not
    /// faults). Whoever runs the role must observe it (end the term, stop the process). Faults too if start failed.
    /// </summary>
    public Task Completion => _started.Task.IsCompletedSuccessfully && _loop is not null ? _loop : AwaitLoopAsync();

    /// <summary>Doorbell reads done (for measurements).</summary>
    internal long DoorbellReads => _scanner?.DoorbellReads ?? 0;

    /// <summary>
    /// Opens the devices, zeroes the outbox blocks 0..MaxHosts (if the write gate allows), starts the dispatch
    /// workers, scans once (every pending request is new) and starts the loop.
    /// </summary>
    /// <exception cref="IOException">A device cannot be opened, is too small, or the first I/O failed.</exception>
    /// <exception cref="MailboxWriteRefusedException">The write gate refused the zeroing; nothing was written.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("The manager mailbox was already started.");
        }

        try
        {
            await OpenAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            Volatile.Write(ref _state, 2);
            _started.TrySetException(ex);
            throw;
        }

        _stopping = new CancellationTokenSource();
        _dispatcher!.Start(_stopping.Token);
        try
        {
            await _scanner!.StartAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            await StopAsync(CancellationToken.None);
            DisposeResources();
            _started.TrySetException(ex);
            throw;
        }

        _loop = Task.Run(() => _scanner.RunAsync(_stopping.Token), CancellationToken.None);
        _started.TrySetResult();
        Log.Started(_logger, _options.InboxPath, _options.OutboxPath, _options.MaxHosts, _options.IoMode);
    }

    /// <summary>
    /// Writes the reply to <paramref name="request"/> as that host's single 4 KiB outbox block: the request's bytes on
    /// success, the same with size 0 on failure. Returns false, writing nothing, when the slot no longer holds that
    /// request, the mailbox is stopping or the write gate refused (see <see cref="TryReplyAsync"/> for which).
    /// </summary>
    /// <exception cref="IOException">The write failed (it is retried at the next scan).</exception>
    public async ValueTask<bool> ReplyAsync(MailboxRequest request, bool success, CancellationToken cancellationToken) =>
        await TryReplyAsync(request, success, cancellationToken) == MailboxReplyOutcome.Written;

    /// <summary>As <see cref="ReplyAsync"/>, telling what happened.</summary>
    /// <exception cref="IOException">The write failed (it is retried at the next scan).</exception>
    public async ValueTask<MailboxReplyOutcome> TryReplyAsync(MailboxRequest request, bool success, CancellationToken cancellationToken)
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

        if (Volatile.Read(ref _state) != 1 || _outbox is null)
        {
            return MailboxReplyOutcome.Stopped;
        }

        var outcome = await _outbox.ReplyAsync(request, success, _view, cancellationToken);
        if (outcome == MailboxReplyOutcome.Written)
        {
            Log.Replied(_logger, request.Id.HostId, request.Id.Slot, success);
        }

        return outcome;
    }

    /// <summary>Stops the loop and the dispatch workers; replies are no longer written. The outbox stays as it is.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, 2, 1) != 1 || _stopping is null)
        {
            return;
        }

        await _stopping.CancelAsync();
        _dispatcher?.Complete();
        try
        {
            await Task.WhenAll(_dispatcher?.Completion ?? Task.CompletedTask, _loop ?? Task.CompletedTask).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The loop and workers end by cancellation.
        }
        catch (Exception) when (_loop is { IsFaulted: true })
        {
            // The loop failed: logged there, carried by Completion.
        }

        // Writes in progress finish before the devices close.
        if (_outbox is not null)
        {
            await _outbox.CloseAsync(cancellationToken);
        }

        Log.Stopped(_logger);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        DisposeResources();
        _stopping?.Dispose();
    }

    /// <summary>One full scan now, outside the loop (benchmarks; the loop must not be ticking).</summary>
    internal Task ScanNowAsync(CancellationToken cancellationToken) => _scanner!.FullScanAsync(cancellationToken);

    private async Task OpenAsync(CancellationToken cancellationToken)
    {
        MailboxDevice? inbox = null;
        MailboxDevice? outbox = null;
        try
        {
            inbox = MailboxDevice.Open(_options.InboxPath, _options.IoMode, writable: false);
            outbox = MailboxDevice.Open(_options.OutboxPath, _options.IoMode, writable: true);
            inbox.EnsureBlocks(_options.MaxHosts, $"{_options.MaxHosts} hosts");
            outbox.EnsureBlocks(_options.MaxHosts, $"{_options.MaxHosts} hosts");
        }
        catch
        {
            inbox?.Dispose();
            outbox?.Dispose();
            throw;
        }

        _outbox = new ManagerOutbox(outbox, _options.MaxHosts + 1, _writeGate, _logger);
        _dispatcher = new ManagerDispatcher(_options, _handler, _logger);
        _scanner = new ManagerScanner(_options, _timeProvider, _logger, inbox, _view, _outbox, _dispatcher);
        try
        {
            await _outbox.ZeroAllAsync(cancellationToken);
        }
        catch
        {
            DisposeResources();
            throw;
        }
    }

    private async Task AwaitLoopAsync()
    {
        await _started.Task.ConfigureAwait(false);
        await _loop!.ConfigureAwait(false);
    }

    private void DisposeResources()
    {
        _scanner?.Dispose();
        _outbox?.Dispose();
        _scanner = null;
        _outbox = null;
    }
}
