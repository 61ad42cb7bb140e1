using Shared.Mailbox;
using Spm.Coordinator.Admin;
using Spm.Coordinator.Leadership;
using Spm.Coordinator.Store;

namespace Spm.Coordinator.Extension;

/// <summary>
/// The single consumer of one VG's work during one term. It validates requests one at a time; those that need
/// lvextend run on, up to <c>Lvm:ConcurrentExtends</c> at once and one per LV (<see cref="InFlightExtensions"/>:
/// lvm serializes the metadata commit itself, the rest of each command overlaps). Different VGs run in parallel.
/// Admin work and withdrawals go first, then hosts in turn (<see cref="FairQueue{T}"/>); while requests wait for
/// space, the VG's free extents are read every <c>SpacePollInterval</c> and what fits is served
/// (<see cref="ExtendPipeline.ServeWaitingAsync"/>). Space polls and add-pv run with no extension in flight.
/// </summary>
internal sealed partial class VolumeGroupWorker
{
    private readonly LeaderTerm _term;
    private readonly ExtendServices _services;
    private readonly ILogger _logger;
    private readonly VolumeGroupState _state;
    private readonly ExtendPipeline _pipeline;
    private readonly PhysicalVolumeAdder _adder;
    private readonly FairQueue<VgWork> _queue = new(ExtendServices.PriorityCapacity);
    private readonly InFlightExtensions _inFlight;

    public VolumeGroupWorker(DomainInfo domain, LeaderTerm term, ExtendServices services, IReplySink replies)
    {
        ArgumentNullException.ThrowIfNull(services);
        _term = term;
        _services = services;
        var loggers = services.LoggerFactory;
        _logger = loggers.CreateLogger<VolumeGroupWorker>();
        _state = new VolumeGroupState(domain, services.Lvm, services.Domains, services.Instruments, services.TimeProvider,
            loggers.CreateLogger<VolumeGroupState>(), services.Vdsm);
        var recorder = new FencedRecorder(term, services.Requests, services.DomainStore, services.TimeProvider, loggers.CreateLogger<FencedRecorder>());
        var lvm = new LeasedLvm(term, services.Lvm, _state, services.Options.Lvm.CommandTimeout, loggers.CreateLogger<LeasedLvm>());
        _pipeline = new ExtendPipeline(term, _state, recorder, lvm, replies, services, loggers.CreateLogger<ExtendPipeline>());
        _adder = new PhysicalVolumeAdder(term, _state, recorder, lvm, services, loggers.CreateLogger<PhysicalVolumeAdder>());
        _inFlight = new InFlightExtensions(services.Options.Lvm.ConcurrentExtends);
    }

    public DomainInfo Domain => _state.Domain;

    /// <summary>The VG's state (admission reads its LV snapshot).</summary>
    public VolumeGroupState State => _state;

    /// <summary>Requests waiting for space right now.</summary>
    public int WaitingCount => _state.WaitingCount;

    private CancellationToken Stopping => _term.Stopping;

    /// <summary>Queues an admitted mailbox request in its host's line; never waits.</summary>
    public EnqueueResult TryEnqueue(MailboxRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _queue.TryEnqueue(request.Id, new MailboxExtendWork(request), ExtendServices.MaxOutstandingPerHost);
    }

    /// <summary>Queues admin work ahead of the hosts; false when the lane is full or the term ended.</summary>
    public bool TryEnqueuePriority(VgWork work) => _queue.TryEnqueuePriority(work);

    /// <summary>The request left its slot: drop it if still queued, stop waiting for it if it waits.</summary>
    public void Withdraw(MailboxRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_queue.TryRemove(request.Id, w => w is MailboxExtendWork m && SamePayload(m.Request, request), out _))
        {
            Log.QueuedWithdrawn(_logger, request.Id.HostId, request.Id.Slot);
            _services.Instruments.CountRequest("withdrawn", "mailbox");
            return;
        }

        if (_state.IsWaiting(request.Id))
        {
            _queue.TryEnqueuePriority(new WithdrawWork(request));
        }
    }

    /// <summary>No more work: the loop ends once the queue is drained or the term stops.</summary>
    public void Complete() => _queue.Complete();

    /// <summary>Runs until the term stops; admin work still queued then fails with NotLeader.</summary>
    public async Task RunAsync()
    {
        try
        {
            await WarmAsync();
            var lastPoll = _services.TimeProvider.GetTimestamp();
            while (!Stopping.IsCancellationRequested)
            {
                if (!await WaitForWorkAsync(lastPoll))
                {
                    break;
                }

                while (!Stopping.IsCancellationRequested && _queue.TryDequeue(out var work))
                {
                    await ProcessAsync(work);
                    if (PollDue(lastPoll))
                    {
                        await PollSpaceAsync();
                        lastPoll = _services.TimeProvider.GetTimestamp();
                    }
                }

                if (PollDue(lastPoll))
                {
                    await PollSpaceAsync();
                    lastPoll = _services.TimeProvider.GetTimestamp();
                }
            }
        }
        catch (OperationCanceledException) when (Stopping.IsCancellationRequested)
        {
            // The term ended.
        }
        finally
        {
            // Extensions in flight end on their own: answered, or TermEnded when the term stopped (lvm is killed then).
            await _inFlight.DrainAsync();
            _queue.Complete();
            while (_queue.TryDequeue(out var work))
            {
                FailNotLeader(work);
            }

            _state.ClearWaiting();
        }
    }

    /// <summary>Waits for work, or (while requests wait for space) until the next space poll; false once completed.</summary>
    private async Task<bool> WaitForWorkAsync(long lastPoll)
    {
        if (_state.WaitingCount == 0)
        {
            return await _queue.WaitToReadAsync(Stopping);
        }

        var remaining = _services.Policy.Current.SpacePollInterval - _services.TimeProvider.GetElapsedTime(lastPoll);
        if (remaining <= TimeSpan.Zero)
        {
            return true;
        }

        using var poll = CancellationTokenSource.CreateLinkedTokenSource(Stopping);
        var ready = _queue.WaitToReadAsync(poll.Token).AsTask();
        var delay = Task.Delay(remaining, _services.TimeProvider, poll.Token);
        var first = await Task.WhenAny(ready, delay);
        await poll.CancelAsync();
        Stopping.ThrowIfCancellationRequested();
        return first != ready || await ready;
    }

    private bool PollDue(long lastPoll) =>
        _state.WaitingCount > 0 && _services.TimeProvider.GetElapsedTime(lastPoll) >= _services.Policy.Current.SpacePollInterval;

    /// <summary>One <c>vgs</c> once no extension runs, then whatever the free extents now cover.</summary>
    private async Task PollSpaceAsync()
    {
        await _inFlight.DrainAsync();
        if (await _state.RefreshVgAsync(Stopping))
        {
            await _pipeline.ServeWaitingAsync();
        }
    }

    private async Task ProcessAsync(VgWork work)
    {
        try
        {
            await DispatchAsync(work);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A bug: the admin caller gets the exception, the term ends (the runtime logs it).
            switch (work)
            {
                case AdminExtendWork admin:
                    admin.Completion.TrySetException(ex);
                    break;
                case AddPvWork addPv:
                    addPv.Completion.TrySetException(ex);
                    break;
            }

            throw;
        }
    }

    private async Task DispatchAsync(VgWork work)
    {
        switch (work)
        {
            case MailboxExtendWork mailbox:
                if (_state.FindWaiting(mailbox.Request.Id) is { } replaced)
                {
                    await _pipeline.WithdrawAsync(replaced, "replaced by a new request in the same slot");
                }

                await StartExtensionAsync(ExtendCommand.FromMailbox(mailbox.Request), null);
                break;
            case WithdrawWork withdraw:
                if (_state.FindWaiting(withdraw.Request.Id) is { } waiting && SamePayload(waiting.Request, withdraw.Request))
                {
                    await _pipeline.WithdrawAsync(waiting, "the host withdrew the request from its slot");
                }

                break;
            case AdminExtendWork admin:
                await StartExtensionAsync(ExtendCommand.FromAdmin(admin.VolumeId, admin.SizeMib, admin.ReceivedAt), admin);
                break;
            case AddPvWork addPv:
                await _inFlight.DrainAsync();
                var added = await _adder.AddAsync(addPv.Device, addPv.Force);
                addPv.Completion.TrySetResult(added);
                if (added.Succeeded)
                {
                    // The adder re-read the VG: serve the waiting requests, oldest first.
                    await _pipeline.ServeWaitingAsync();
                }

                break;
            default:
                throw new InvalidOperationException($"Unknown VG work {work.GetType().Name}.");
        }
    }

    /// <summary>
    /// Validates the request once its LV has no extension running and a lane is free; what needs lvextend then runs
    /// on (tracked in <see cref="_inFlight"/>) while the worker takes the next request.
    /// </summary>
    private async Task StartExtensionAsync(ExtendCommand command, AdminExtendWork? admin)
    {
        var lvName = _state.LvNameOf(command.VolumeId);
        await _inFlight.WaitForLaneAsync(lvName);
        var (outcome, pending) = await _pipeline.BeginAsync(command);
        if (pending is null)
        {
            admin?.Completion.TrySetResult(ToAdminResult(outcome!));
            return;
        }

        _inFlight.Add(pending.LvName, RunExtensionAsync(pending, admin));
    }

    /// <summary>One extension to its end; a bug ends the term (as a failure of the worker's own loop does) and never escapes.</summary>
    private async Task RunExtensionAsync(PendingExtension pending, AdminExtendWork? admin)
    {
        try
        {
            var outcome = await _pipeline.ExtendAsync(pending);
            admin?.Completion.TrySetResult(ToAdminResult(outcome));
        }
        catch (Exception ex)
        {
            admin?.Completion.TrySetException(ex);
            if (ex is OperationCanceledException && Stopping.IsCancellationRequested)
            {
                return;
            }

            var what = $"extension of {Domain.VgName}/{pending.LvName}";
            Log.ExtensionFailed(_logger, what, ex);
            TermEnding.LoopFailed(_term, what, ex);
        }
    }

    /// <summary>Reads the VG, its LVs and the volume registry once at the start of the term.</summary>
    private async Task WarmAsync()
    {
        _state.ClearWaiting();
        await _state.RefreshVgAsync(Stopping);
        await _state.RefreshLvsAsync(Stopping);
        try
        {
            foreach (var volume in await _services.DomainStore.ReadVolumesAsync(Domain.DomainId, Stopping))
            {
                _state.Remember(volume);
            }
        }
        catch (Exception ex) when (StoreErrors.IsTransient(ex, Stopping))
        {
            Log.RegistryReadFailed(_logger, Domain.VgName, ex.Message);
        }
    }

    private static AdminResult<ExtendVolumeOutcome> ToAdminResult(PipelineOutcome outcome) => outcome.Kind switch
    {
        PipelineOutcomeKind.Done or PipelineOutcomeKind.AlreadyLargeEnough => AdminResult<ExtendVolumeOutcome>.Ok(new ExtendVolumeOutcome(
            outcome.RequestId, ExtendRequestState.Done, outcome.Reason, outcome.SizeBeforeBytes, outcome.SizeAfterBytes)),
        PipelineOutcomeKind.Rejected => AdminResult<ExtendVolumeOutcome>.Ok(new ExtendVolumeOutcome(
            outcome.RequestId, ExtendRequestState.Rejected, outcome.Reason, outcome.SizeBeforeBytes, null)),
        PipelineOutcomeKind.Failed or PipelineOutcomeKind.WaitingForSpace => AdminResult<ExtendVolumeOutcome>.Ok(new ExtendVolumeOutcome(
            outcome.RequestId, ExtendRequestState.Failed, outcome.Reason, outcome.SizeBeforeBytes, null)),
        _ => AdminResult<ExtendVolumeOutcome>.Fail(AdminErrorCode.NotLeader, "the term ended during the extension"),
    };

    private static void FailNotLeader(VgWork work)
    {
        const string message = "the term ended before this request ran";
        switch (work)
        {
            case AdminExtendWork admin:
                admin.Completion.TrySetResult(AdminResult<ExtendVolumeOutcome>.Fail(AdminErrorCode.NotLeader, message));
                break;
            case AddPvWork addPv:
                addPv.Completion.TrySetResult(AdminResult<AddPhysicalVolumeOutcome>.Fail(AdminErrorCode.NotLeader, message));
                break;
        }
    }

    private static bool SamePayload(MailboxRequest a, MailboxRequest b) => a.Payload.Span.SequenceEqual(b.Payload.Span);
}
