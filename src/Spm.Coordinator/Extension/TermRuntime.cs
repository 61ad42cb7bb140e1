using System.Threading.Channels;
using Shared.Mailbox;
using Spm.Coordinator.Admin;
using Spm.Coordinator.Leadership;

namespace Spm.Coordinator.Extension;

/// <summary>
/// Everything a leader runs during one term: a worker per VG, the side loop for unrouted mailbox events,
/// and the manager mailbox (started last, after the handlers exist, so that no pending request is
/// missed). It is the mailbox's handler and reply sink.
/// </summary>
internal sealed partial class TermRuntime : IMailboxRequestHandler, IReplySink, IDisposable
{
    private readonly ExtendServices _services;
    private readonly ILogger _logger;
    private readonly Dictionary<Guid, VolumeGroupWorker> _workers = [];
    private readonly List<Task> _tasks = [];
    private readonly Channel<UnroutedWork> _unrouted = Channel.CreateBounded<UnroutedWork>(
        new BoundedChannelOptions(4096) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private readonly SemaphoreSlim _mailboxGate = new(1, 1);
    private volatile ManagerMailbox? _mailbox;

    public TermRuntime(LeaderTerm term, ExtendServices services)
    {
        Term = term;
        _services = services;
        _logger = services.LoggerFactory.CreateLogger<TermRuntime>();
    }

    public LeaderTerm Term { get; }

    /// <summary>Starts the VG workers, the side loop, then the manager mailbox (zeroes the outbox, takes every pending request).</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var domain in _services.Domains.All)
        {
            var worker = new VolumeGroupWorker(domain, Term, _services, this);
            _workers[domain.DomainId] = worker;
            _tasks.Add(RunWorkerAsync(worker));
        }

        _tasks.Add(RunUnroutedAsync());
        _services.Policy.Changed += OnPolicyChanged;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Term.Stopping);
        await StartMailboxAsync(linked.Token);
    }

    /// <summary>Stops the mailbox and waits for the workers (the term has ended: their LVM commands are killed).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _services.Policy.Changed -= OnPolicyChanged;
        await _mailboxGate.WaitAsync(cancellationToken);
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
            _mailboxGate.Release();
        }

        foreach (var worker in _workers.Values)
        {
            worker.Complete();
        }

        _unrouted.Writer.TryComplete();
        await Task.WhenAll(_tasks).WaitAsync(cancellationToken);
    }

    public void Dispose() => _mailboxGate.Dispose();

    /// <summary>Requests waiting for space in a domain's VG.</summary>
    public int WaitingCount(Guid domainId) => _workers.TryGetValue(domainId, out var worker) ? worker.WaitingCount : 0;

    /// <summary>An admin extension, queued behind the VG's other work.</summary>
    public async Task<AdminResult<ExtendVolumeOutcome>> ExtendAsync(Guid domainId, Guid volumeId, ulong sizeMib, CancellationToken cancellationToken)
    {
        if (!_workers.TryGetValue(domainId, out var worker))
        {
            return AdminResult<ExtendVolumeOutcome>.Fail(AdminErrorCode.NotFound, $"domain {domainId} is not in the pool.");
        }

        var completion = new TaskCompletionSource<AdminResult<ExtendVolumeOutcome>>(TaskCreationOptions.RunContinuationsAsynchronously);
        await worker.EnqueueAsync(new AdminExtendWork(volumeId, sizeMib, _services.TimeProvider.GetUtcNow(), completion), cancellationToken);
        return await completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>An admin AddPhysicalVolume, queued behind the VG's other work; then what waits is served.</summary>
    public async Task<AdminResult<AddPhysicalVolumeOutcome>> AddPhysicalVolumeAsync(Guid domainId, string device, CancellationToken cancellationToken)
    {
        if (!_workers.TryGetValue(domainId, out var worker))
        {
            return AdminResult<AddPhysicalVolumeOutcome>.Fail(AdminErrorCode.NotFound, $"domain {domainId} is not in the pool.");
        }

        var completion = new TaskCompletionSource<AdminResult<AddPhysicalVolumeOutcome>>(TaskCreationOptions.RunContinuationsAsynchronously);
        await worker.EnqueueAsync(new AddPvWork(device, completion), cancellationToken);
        return await completion.Task.WaitAsync(cancellationToken);
    }

    public ValueTask OnRequestAsync(MailboxRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Kind == MailboxMessageKind.Extend && request.Extend is { } message && _workers.TryGetValue(message.Domain, out var worker))
        {
            return worker.EnqueueAsync(new MailboxExtendWork(request), cancellationToken);
        }

        return _unrouted.Writer.WriteAsync(new UnroutedWork(request, null), cancellationToken);
    }

    public ValueTask OnRequestWithdrawnAsync(MailboxRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Extend is { } message && _workers.TryGetValue(message.Domain, out var worker)
            ? worker.EnqueueAsync(new WithdrawWork(request), cancellationToken)
            : ValueTask.CompletedTask;
    }

    public ValueTask OnChecksumErrorAsync(int hostId, CancellationToken cancellationToken) =>
        _unrouted.Writer.WriteAsync(new UnroutedWork(null, hostId), cancellationToken);

    public async ValueTask<bool> ReplyAsync(MailboxRequest request, bool success, CancellationToken cancellationToken)
    {
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
            Log.ReplyFailed(_logger, request.Id.HostId, request.Id.Slot, ex);
            return false;
        }
    }

    private async Task RunWorkerAsync(VolumeGroupWorker worker)
    {
        await Task.Yield();
        try
        {
            await worker.RunAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.WorkerFailed(_logger, worker.Domain.VgName, ex);
            Term.End($"the worker of {worker.Domain.VgName} failed: {ex.Message}");
        }
    }
}
