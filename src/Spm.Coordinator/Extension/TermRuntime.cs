using Shared.Mailbox;
using Spm.Coordinator.Admin;
using Spm.Coordinator.Leadership;

namespace Spm.Coordinator.Extension;

/// <summary>
/// Everything a leader runs during one term: a worker per VG, the side loop, and the manager mailbox
/// (started last). It is the mailbox's handler: each request is admitted or refused before queueing
/// (<see cref="RequestAdmission"/>), so the mailbox's scan never waits on a queue.
/// </summary>
internal sealed partial class TermRuntime : IMailboxRequestHandler, IDisposable
{
    private readonly ExtendServices _services;
    private readonly ILogger _logger;
    private readonly Dictionary<Guid, VolumeGroupWorker> _workers = [];
    private readonly List<Task> _tasks = [];
    private readonly TermMailbox _mailbox;
    private readonly TermSideLoop _side;
    private readonly RequestAdmission _admission;

    public TermRuntime(LeaderTerm term, ExtendServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        Term = term;
        _services = services;
        var loggers = services.LoggerFactory;
        _logger = loggers.CreateLogger<TermRuntime>();
        _mailbox = new TermMailbox(term, services, this, loggers.CreateLogger<TermMailbox>());
        var recorder = new FencedRecorder(term, services.Requests, services.DomainStore, services.TimeProvider, loggers.CreateLogger<FencedRecorder>());
        _side = new TermSideLoop(term, services, _mailbox, recorder, loggers.CreateLogger<TermSideLoop>());
        foreach (var domain in services.Domains.All)
        {
            _workers[domain.DomainId] = new VolumeGroupWorker(domain, term, services, _mailbox);
        }

        _admission = new RequestAdmission(_workers, _side, services.Limiter, services.Options.PoolId);
    }

    public LeaderTerm Term { get; }

    /// <summary>Starts the VG workers, the side loop, then the manager mailbox (zeroes the outbox, takes every pending request).</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var worker in _workers.Values)
        {
            _tasks.Add(RunLoopAsync($"worker of {worker.Domain.VgName}", worker.RunAsync));
        }

        _tasks.Add(RunLoopAsync("side loop", _side.RunAsync));
        _services.Policy.Changed += _mailbox.OnPolicyChanged;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Term.Stopping);
        await _mailbox.StartAsync(linked.Token);
    }

    /// <summary>Stops the mailbox and waits for the loops (the term has ended: their LVM commands are stopped).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _services.Policy.Changed -= _mailbox.OnPolicyChanged;
        await _mailbox.StopAsync(cancellationToken);
        foreach (var worker in _workers.Values)
        {
            worker.Complete();
        }

        _side.Complete();
        await Task.WhenAll(_tasks).WaitAsync(cancellationToken);
    }

    public void Dispose() => _mailbox.Dispose();

    /// <summary>Requests waiting for space in a domain's VG.</summary>
    public int WaitingCount(Guid domainId) => _workers.TryGetValue(domainId, out var worker) ? worker.WaitingCount : 0;

    /// <summary>An admin extension, run ahead of the hosts' queued requests.</summary>
    public Task<AdminResult<ExtendVolumeOutcome>> ExtendAsync(Guid domainId, Guid volumeId, ulong sizeMib, CancellationToken cancellationToken)
    {
        var completion = new TaskCompletionSource<AdminResult<ExtendVolumeOutcome>>(TaskCreationOptions.RunContinuationsAsynchronously);
        return SubmitAsync(domainId, new AdminExtendWork(volumeId, sizeMib, _services.TimeProvider.GetUtcNow(), completion), completion, cancellationToken);
    }

    /// <summary>An admin AddPhysicalVolume, run ahead of the hosts' queued requests; then what waits is served.</summary>
    public Task<AdminResult<AddPhysicalVolumeOutcome>> AddPhysicalVolumeAsync(
        Guid domainId, string device, bool force, CancellationToken cancellationToken)
    {
        var completion = new TaskCompletionSource<AdminResult<AddPhysicalVolumeOutcome>>(TaskCreationOptions.RunContinuationsAsynchronously);
        return SubmitAsync(domainId, new AddPvWork(device, force, completion), completion, cancellationToken);
    }

    public ValueTask OnRequestAsync(MailboxRequest request, CancellationToken cancellationToken)
    {
        _admission.Admit(request);
        return ValueTask.CompletedTask;
    }

    public ValueTask OnRequestWithdrawnAsync(MailboxRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        _side.Withdraw(request);
        if (request.Extend is { } message && _workers.TryGetValue(message.Domain, out var worker))
        {
            worker.Withdraw(request);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask OnChecksumErrorAsync(int hostId, CancellationToken cancellationToken)
    {
        _side.ChecksumError(hostId);
        return ValueTask.CompletedTask;
    }

    private async Task<AdminResult<T>> SubmitAsync<T>(
        Guid domainId, VgWork work, TaskCompletionSource<AdminResult<T>> completion, CancellationToken cancellationToken)
    {
        if (!_workers.TryGetValue(domainId, out var worker))
        {
            return AdminResult<T>.Fail(AdminErrorCode.NotFound, $"domain {domainId} is not in the pool.");
        }

        if (!worker.TryEnqueuePriority(work))
        {
            return Term.IsValid
                ? AdminResult<T>.Fail(AdminErrorCode.Unavailable, $"{ExtendServices.PriorityCapacity} admin calls are already queued for {worker.Domain.VgName}; retry")
                : AdminResult<T>.Fail(AdminErrorCode.NotLeader, "the term ended");
        }

        return await completion.Task.WaitAsync(cancellationToken);
    }

    private async Task RunLoopAsync(string name, Func<Task> loop)
    {
        await Task.Yield();
        try
        {
            await loop();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.LoopFailed(_logger, name, ex);
            TermEnding.LoopFailed(Term, name, ex);
        }
    }
}
