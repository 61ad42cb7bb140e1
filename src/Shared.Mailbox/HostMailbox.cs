using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shared.Mailbox.Internal;

namespace Shared.Mailbox;

/// <summary>
/// The host role (agent side) for one host id: places extend requests in the host's inbox block and completes
/// them with the manager's replies, with the reference's CLEAN handshake. No I/O at all while idle; after each
/// write of its block it reads the reply block every <see cref="HostMailboxOptions.FastPollInterval"/> for
/// <see cref="HostMailboxOptions.FastPollWindow"/>, then backs off to <see cref="HostMailboxOptions.PollInterval"/>.
/// Every write of the host block is followed by a doorbell write to the events block. The state lives in
/// <see cref="HostRequestTable"/>, the I/O in <see cref="HostMailboxLoop"/>; <see cref="Completion"/> faults if
/// the loop fails for good, so a host process can stop (see the agent's MailboxService).
/// </summary>
public sealed partial class HostMailbox : IAsyncDisposable
{
    private readonly HostMailboxOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<HostMailbox> _logger;
    private readonly AsyncSignal _signal = new();
    private readonly SemaphoreSlim _admission;
    private readonly HostRequestTable _table;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private HostMailboxLoop? _io;
    private CancellationTokenSource? _loopCancellation;
    private Task? _loop;
    private int _startCalled;

    /// <summary>Creates the role; nothing is opened until <see cref="StartAsync"/>.</summary>
    /// <exception cref="OptionsValidationException">Invalid options.</exception>
    public HostMailbox(HostMailboxOptions options, TimeProvider timeProvider, ILogger<HostMailbox> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        HostMailboxOptionsValidator.ThrowIfInvalid(options);
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _admission = new SemaphoreSlim(MailboxLayout.MessagesPerBlock + options.QueueCapacity);
        _table = new HostRequestTable(options.HostId, logger);
    }

    /// <summary>The host id this role writes for.</summary>
    public int HostId => _options.HostId;

    /// <summary>Slots in use: requests awaiting a reply plus those finishing the CLEAN handshake (at most 63).</summary>
    public int InFlight => _table.InFlight;

    /// <summary>Distinct requests waiting for a free slot.</summary>
    public int Queued => _table.Queued;

    /// <summary>
    /// The role's loop: completes when the role has stopped, faults when the loop failed for good (not on I/O
    /// errors, which are retried). Not completed before <see cref="StartAsync"/>.
    /// </summary>
    public Task Completion => _started.Task.IsCompletedSuccessfully && _loop is not null ? _loop : AwaitLoopAsync();

    /// <summary>Reply-block reads since start (for tests: no I/O while idle).</summary>
    internal long Reads => _io?.Reads ?? 0;

    /// <summary>Block writes (request block and doorbell) since start.</summary>
    internal long Writes => _io?.Writes ?? 0;

    /// <summary>
    /// Opens the inbox and outbox, takes this host's reply block as the baseline (stale replies are not new),
    /// zeroes this host's request block (stale requests of an earlier run are withdrawn) and starts the loop.
    /// </summary>
    /// <exception cref="IOException">A device cannot be opened, is too small, or the first I/O failed.</exception>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _startCalled, 1) != 0)
        {
            throw new InvalidOperationException("The host mailbox was already started.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            _io = HostMailboxLoop.Open(_options, _timeProvider, _logger, _table, _signal);
        }
        catch (Exception ex)
        {
            _started.TrySetException(ex);
            throw;
        }

        _loopCancellation = new CancellationTokenSource();
        _loop = Task.Run(() => _io.RunAsync(_loopCancellation.Token), CancellationToken.None);
        _started.TrySetResult();
        Log.Started(_logger, _options.HostId, _options.InboxPath, _options.OutboxPath, _options.IoMode);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Sends an extend request and completes with the manager's reply. An identical request already in flight is
    /// joined (both callers get its reply). Waits while 63 requests are in flight and the queue is full.
    /// Cancelling withdraws the request (its slot is zeroed) unless other callers still wait for it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Size 0 (the failure reply is byte-identical to such a request,
    /// so it cannot be told apart) or above the 32-bit maximum.</exception>
    /// <exception cref="OperationCanceledException">Cancelled, or the mailbox stopped before the reply.</exception>
    /// <exception cref="IOException">The loop failed for good.</exception>
    public async Task<ExtendReply> SendAsync(ExtendMessage request, CancellationToken cancellationToken)
    {
        if (request.SizeMib is 0 or > MailboxLayout.MaxSizeMib)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.SizeMib, SizeRefusal(request.SizeMib));
        }

        if (Volatile.Read(ref _startCalled) == 0 || _io is null)
        {
            throw new InvalidOperationException("The host mailbox is not started.");
        }

        await _admission.WaitAsync(cancellationToken);
        try
        {
            var waiter = new TaskCompletionSource<ExtendReply>(TaskCreationOptions.RunContinuationsAsynchronously);
            var entry = _table.Add(request, waiter);
            _signal.Set();
            await using var registration = cancellationToken.Register(() =>
            {
                if (_table.Withdraw(entry, waiter))
                {
                    waiter.TrySetCanceled(cancellationToken);
                    _signal.Set();
                }
            });
            return await waiter.Task;
        }
        finally
        {
            _admission.Release();
        }
    }

    /// <summary>Why a size cannot be sent (size 0 or above the maximum); the message names the protocol reason.</summary>
    public static string SizeRefusal(ulong sizeMib) => sizeMib == 0
        ? "Size 0 cannot be sent: the manager's failure reply is a copy of the request with size 0, so the reply to "
          + "such a request would look like a failure whatever happened. Ask for the size the volume should have (in MiB)."
        : string.Create(CultureInfo.InvariantCulture, $"The size must be 1..{MailboxLayout.MaxSizeMib} MiB; it is {sizeMib}.");

    /// <summary>
    /// Stops: requests still awaiting a reply are cancelled and withdrawn, pending CLEAN handshakes are finished
    /// (for at most <see cref="HostMailboxOptions.StopTimeout"/>), then the host's request block is left zeroed.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_loop is null || _loopCancellation is null || _io is null)
        {
            return;
        }

        var cancelled = new List<TaskCompletionSource<ExtendReply>>();
        if (!_table.BeginStop(cancelled))
        {
            return;
        }

        foreach (var waiter in cancelled)
        {
            waiter.TrySetCanceled(CancellationToken.None);
        }

        _signal.Set();
        try
        {
            await _loop.WaitAsync(_options.StopTimeout, _timeProvider, cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            Log.StopTimedOut(_logger, _options.HostId, InFlight);
            await _loopCancellation.CancelAsync();
            await _loop.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
        catch (Exception) when (_loop.IsFaulted)
        {
            // The loop failed; it was logged there and Completion carries it. The block is still zeroed below.
        }

        try
        {
            _io.WriteFinalBlock();
        }
        catch (IOException ex)
        {
            Log.StopWriteFailed(_logger, ex, _options.HostId);
        }

        Log.Stopped(_logger, _options.HostId);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _io?.Dispose();
        _loopCancellation?.Dispose();
        _admission.Dispose();
    }

    private async Task AwaitLoopAsync()
    {
        await _started.Task.ConfigureAwait(false);
        await _loop!.ConfigureAwait(false);
    }
}
