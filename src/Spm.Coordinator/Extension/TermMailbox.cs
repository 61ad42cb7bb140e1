using Shared.Mailbox;
using Spm.Coordinator.Admin;
using Spm.Coordinator.Leadership;

namespace Spm.Coordinator.Extension;

/// <summary>
/// The term's manager mailbox: started last (after the handlers exist, so no pending request is missed),
/// restarted when the policy changes its intervals, stopped with the term; and the reply sink. Every outbox
/// write (the zeroing at start included) is gated on <see cref="LeaderTerm.HasLeaseFor"/> with
/// <see cref="WriteMargin"/> (checked on the clock immediately before the write), and a failed mailbox loop ends the term
/// (see docs/coordinator.md, safety argument).
/// </summary>
internal sealed partial class TermMailbox : IReplySink, IDisposable
{
    private readonly LeaderTerm _term;
    private readonly ExtendServices _services;
    private readonly IMailboxRequestHandler _handler;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly IMailboxWriteGate _writeGate;
    private volatile ManagerMailbox? _mailbox;
    private int _faultReported;

    public TermMailbox(LeaderTerm term, ExtendServices services, IMailboxRequestHandler handler, ILogger logger)
    {
        _term = term;
        _services = services;
        _handler = handler;
        _logger = logger;
        WriteMargin = TimeSpan.Zero;
        _writeGate = new MailboxWriteGate(() => _term.HasLeaseFor(WriteMargin));
    }

    /// <summary>
    /// How much local lease must be left for an outbox write to start, beyond the local deadline: none. The local
    /// deadline already lies one lease safety margin (Lease:SafetyMargin) before the database can expire the lease,
    /// so a write that passed the gate has that margin to land before another coordinator can hold the lease; a
    /// larger gate margin would refuse replies (and end terms) whenever a renewal is late on a loaded machine.
    /// </summary>
    public TimeSpan WriteMargin { get; }

    /// <summary>
    /// Starts the manager mailbox (zeroes the outbox, takes every pending request). When the write gate refuses
    /// the zeroing (too little lease left), nothing is written and the term ends as a failed start.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var options = _services.Options.Mailbox;
            var policy = _services.Policy.Current;
            var mailbox = new ManagerMailbox(
                new ManagerMailboxOptions
                {
                    InboxPath = options.InboxPath,
                    OutboxPath = options.OutboxPath,
                    MaxHosts = options.MaxHosts,
                    EventInterval = policy.MailboxEventInterval,
                    IdleEventInterval = options.IdleEventInterval,
                    ActiveWindow = options.ActiveWindow,
                    FullScanInterval = policy.MailboxFullScanInterval,
                    IdleFullScanInterval = options.IdleFullScanInterval,
                    UseRingHint = options.UseRingHint,
                    IoMode = options.IoMode,
                },
                _handler,
                _writeGate,
                _services.TimeProvider,
                _services.LoggerFactory.CreateLogger<ManagerMailbox>());
            _mailbox = mailbox;
            try
            {
                await mailbox.StartAsync(cancellationToken);
            }
            catch (MailboxWriteRefusedException)
            {
                _mailbox = null;
                await mailbox.DisposeAsync();
                Log.ZeroingRefused(_logger, _term.Epoch, _term.Remaining.TotalMilliseconds, WriteMargin.TotalMilliseconds);
                TermEnding.StartFailed(_term, "too little lease left to zero the outbox");
                return;
            }
            catch
            {
                _mailbox = null;
                await mailbox.DisposeAsync();
                throw;
            }

            _ = ObserveAsync(mailbox);
            Log.MailboxStarted(_logger, _term.Epoch, options.InboxPath, options.OutboxPath);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_mailbox is { } mailbox)
            {
                _mailbox = null;
                await mailbox.StopAsync(cancellationToken);
                await mailbox.DisposeAsync();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <inheritdoc />
    public async ValueTask<bool> ReplyAsync(MailboxRequest request, bool success, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var mailbox = _mailbox;
        if (mailbox is null)
        {
            return false;
        }

        MailboxReplyOutcome outcome;
        try
        {
            outcome = await mailbox.TryReplyAsync(request, success, cancellationToken);
        }
        catch (IOException ex)
        {
            Log.ReplyFailed(_logger, request.Id.HostId, request.Id.Slot, ex.Message);
            return false;
        }

        if (outcome != MailboxReplyOutcome.WriteRefused)
        {
            return outcome == MailboxReplyOutcome.Written;
        }

        // Too little lease left to write: this term may write nothing more. The request stays in the inbox and
        // its row stays open, so the next term supersedes the row and serves the request again (idempotently).
        Log.ReplyRefused(_logger, _term.Epoch, request.Id.HostId, request.Id.Slot, WriteMargin.TotalMilliseconds);
        _term.End(TermEndReason.DeadlinePassed, "too little lease left to write a reply");
        throw new OperationCanceledException("The term ended.", _term.Stopping);
    }

    /// <summary>Ends the term, logged once, when the mailbox loop fails for good (not when it is stopped).</summary>
    private async Task ObserveAsync(ManagerMailbox mailbox)
    {
        try
        {
            await mailbox.Completion;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (Interlocked.Exchange(ref _faultReported, 1) == 0 && !_term.Stopping.IsCancellationRequested)
            {
                Log.MailboxLoopFailed(_logger, _term.Epoch, ex);
                TermEnding.MailboxFailed(_term, ex);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    /// <summary>Restarts the mailbox when the policy changed its intervals.</summary>
    public void OnPolicyChanged(CoordinatorPolicy previous, CoordinatorPolicy next)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(next);
        if (previous.MailboxEventInterval == next.MailboxEventInterval && previous.MailboxFullScanInterval == next.MailboxFullScanInterval)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await StopAsync(_term.Stopping);
                await StartAsync(_term.Stopping);
            }
            catch (OperationCanceledException) when (_term.Stopping.IsCancellationRequested)
            {
                // The term ended meanwhile.
            }
            catch (IOException ex)
            {
                Log.MailboxRestartFailed(_logger, ex.Message);
                TermEnding.MailboxFailed(_term, ex);
            }
        });
    }
}
