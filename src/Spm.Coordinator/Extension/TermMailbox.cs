using Shared.Mailbox;
using Spm.Coordinator.Admin;
using Spm.Coordinator.Leadership;

namespace Spm.Coordinator.Extension;

/// <summary>
/// The term's manager mailbox: started last (after the handlers exist, so no pending request is missed),
/// restarted when the policy changes its intervals, stopped with the term; and the reply sink.
/// </summary>
internal sealed partial class TermMailbox : IReplySink, IDisposable
{
    private readonly LeaderTerm _term;
    private readonly ExtendServices _services;
    private readonly IMailboxRequestHandler _handler;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile ManagerMailbox? _mailbox;

    public TermMailbox(LeaderTerm term, ExtendServices services, IMailboxRequestHandler handler, ILogger logger)
    {
        _term = term;
        _services = services;
        _handler = handler;
        _logger = logger;
    }

    /// <summary>Starts the manager mailbox (zeroes the outbox, takes every pending request).</summary>
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
                    FullScanInterval = policy.MailboxFullScanInterval,
                    IoMode = options.IoMode,
                },
                _handler,
                _services.TimeProvider,
                _services.LoggerFactory.CreateLogger<ManagerMailbox>());
            _mailbox = mailbox;
            try
            {
                await mailbox.StartAsync(cancellationToken);
            }
            catch
            {
                _mailbox = null;
                await mailbox.DisposeAsync();
                throw;
            }

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

    public async ValueTask<bool> ReplyAsync(MailboxRequest request, bool success, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var mailbox = _mailbox;
        if (mailbox is null)
        {
            return false;
        }

        try
        {
            return await mailbox.ReplyAsync(request, success, cancellationToken);
        }
        catch (IOException ex)
        {
            Log.ReplyFailed(_logger, request.Id.HostId, request.Id.Slot, ex.Message);
            return false;
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
