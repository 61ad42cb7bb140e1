using System.Diagnostics;
using System.Globalization;
using LvExtend.Lvm.Vdsm;
using Spm.Coordinator.Admin;
using Spm.Coordinator.Leadership;
using Spm.Coordinator.Lvm;
using Spm.Coordinator.Options;
using Spm.Coordinator.Store;
using Spm.Coordinator.Telemetry;

namespace Spm.Coordinator.Extension;

/// <summary>
/// One VG's extend path, for mailbox and admin requests alike: admit -> validate -> idempotency -> fence check ->
/// lvextend (the intent row written meanwhile) -> reply -> record. The VG worker runs <see cref="BeginAsync"/> (up to
/// the decision, one request at a time); what needs lvextend continues in <see cref="ExtendAsync"/>, of which up to
/// <c>Lvm:ConcurrentExtends</c> run at once, each on a different LV.
/// The fence check (a read of the lease row) gates lvextend; after lvextend the host is answered first and everything
/// that can wait (audit outcome, durations, metrics, the volume registry) follows (docs/coordinator.md).
/// </summary>
internal sealed partial class ExtendPipeline
{
    private readonly LeaderTerm _term;
    private readonly VolumeGroupState _state;
    private readonly FencedRecorder _recorder;
    private readonly LeasedLvm _lvm;
    private readonly IReplySink _replies;
    private readonly ExtendServices _services;
    private readonly ILogger _logger;

    public ExtendPipeline(
        LeaderTerm term, VolumeGroupState state, FencedRecorder recorder, LeasedLvm lvm, IReplySink replies, ExtendServices services, ILogger logger)
    {
        _term = term;
        _state = state;
        _recorder = recorder;
        _lvm = lvm;
        _replies = replies;
        _services = services;
        _logger = logger;
    }

    private DomainInfo Domain => _state.Domain;

    private CancellationToken Stopping => _term.Stopping;

    /// <summary>Runs one request to its end (or to waiting for space). Never throws for an expected outcome.</summary>
    public async Task<PipelineOutcome> RunAsync(ExtendCommand command)
    {
        var (outcome, pending) = await BeginAsync(command);
        return pending is null ? outcome! : await ExtendAsync(pending);
    }

    /// <summary>
    /// Validates one request and ends it when no lvextend is needed (refused, already large enough, waiting for
    /// space): the outcome. Otherwise the extension to run with <see cref="ExtendAsync"/>, its extents reserved.
    /// Never throws for an expected outcome.
    /// </summary>
    public async Task<(PipelineOutcome? Outcome, PendingExtension? Pending)> BeginAsync(ExtendCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var clock = new RequestClock(_services.TimeProvider, command.DetectedAt);
        var activity = StartActivity(command);
        try
        {
            // 1. Admit: rate, outstanding count and the cheap unknown-volume check ran before queueing
            //    (RequestAdmission); what is left needs the VG: validation and the growth budget.
            // 2. Validate.
            var validateStart = clock.Now();
            var lvName = _state.LvNameOf(command.VolumeId);
            var (lv, decision) = await ValidateAsync(command, lvName);
            clock.Validate = clock.Since(validateStart);
            var row = NewRow(command, lv is null ? null : lvName, lv?.SizeBytes, clock);
            if (decision.Rejection is { } rejection)
            {
                return (await RefuseAsync(command, row, rejection, clock, activity), null);
            }

            // 3. Idempotency: the LV already has the requested extents.
            if (decision.Kind == ExtendDecisionKind.AlreadyLargeEnough)
            {
                return (await AnswerAlreadyLargeEnoughAsync(command, row, lv!.SizeBytes, clock, activity), null);
            }

            // No lvextend that the cached free extents (less those of running extensions) say cannot fit: wait
            // (mailbox) or fail (admin).
            if (!_state.Fits(lv!.SizeBytes, decision.TargetBytes))
            {
                return (await NoSpaceAsync(command, row, lvName, lv.SizeBytes, decision.TargetBytes, clock, activity), null);
            }

            var extents = _state.ExtentsNeeded(lv.SizeBytes, decision.TargetBytes);
            _state.Reserve(extents);
            var pending = new PendingExtension(command, clock, activity, lvName, lv.SizeBytes, decision.TargetBytes,
                row with { State = ExtendRequestState.Extending }, extents);
            activity = null; // the extension owns it now
            return (null, pending);
        }
        catch (OperationCanceledException) when (Stopping.IsCancellationRequested)
        {
            return (PipelineOutcome.TermEnded, null);
        }
        finally
        {
            activity?.Dispose();
        }
    }

    /// <summary>
    /// Runs a validated extension to its end: fence check, lvextend (the intent row written meanwhile), reply,
    /// record. Gives back its reserved extents once lvextend ended. Never throws for an expected outcome.
    /// </summary>
    public async Task<PipelineOutcome> ExtendAsync(PendingExtension pending)
    {
        ArgumentNullException.ThrowIfNull(pending);
        using var activity = pending.Activity;
        if (activity is not null)
        {
            // Begun on the worker: what runs below (the store's and lvm's spans) belongs to this request.
            Activity.Current = activity;
        }

        var clock = pending.Clock;
        var reserved = pending.ReservedExtents;
        try
        {
            // 4. lvextend, gated by the fence check: no mutation unless the database says this epoch still holds the
            //    lease. The intent row is written while lvextend runs; the reply waits for it (an answered request
            //    always has its row), and a fenced-out intent ends the term, which kills lvextend.
            await _recorder.CheckFenceAsync(clock);
            var (id, extended) = await ExtendWithIntentAsync(pending.Row, pending.LvName, pending.Command.SizeMib, pending.TargetBytes, clock);
            clock.Lvextend = extended.Duration;
            _state.Release(reserved); // applied to the VG's free extents (or not used): no longer held
            reserved = 0;

            // 5. Reply, 6. record.
            return await FinishAsync(pending.Command, id, pending.LvName, pending.SizeBeforeBytes, pending.TargetBytes, extended, clock,
                activity, null);
        }
        catch (OperationCanceledException) when (Stopping.IsCancellationRequested)
        {
            return PipelineOutcome.TermEnded;
        }
        finally
        {
            _state.Release(reserved);
        }
    }

    /// <summary>lvextend with the intent row written concurrently (after the fence check); the row's id and the attempt.</summary>
    private async Task<(long Id, ExtendAttempt Attempt)> ExtendWithIntentAsync(
        NewExtendRequest intent, string lvName, ulong sizeMib, long targetBytes, RequestClock clock)
    {
        // On another thread: the insert's synchronous part (parameters, the send) must not delay lvm's start.
        var insert = Task.Run(() => _recorder.InsertAsync(intent), CancellationToken.None);
        ExtendAttempt attempt;
        try
        {
            attempt = await _lvm.ExtendLvAsync(lvName, sizeMib, targetBytes);
        }
        catch
        {
            // lvextend was cancelled or failed unexpectedly: the insert's own failure (if any) ended the term already.
            await insert.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw;
        }

        var waitStart = clock.Now();
        var id = await insert;
        clock.Record += clock.Since(waitStart);
        return (id, attempt);
    }

    /// <summary>
    /// Serves the requests waiting for space, oldest first: answered at once when their LV is already large
    /// enough, skipped without lvextend while the cached free extents cannot cover them. Call after the VG
    /// was re-read (space poll, add-pv).
    /// </summary>
    public async Task ServeWaitingAsync()
    {
        try
        {
            foreach (var waiting in _state.Waiting.ToList())
            {
                if (!_term.IsValid)
                {
                    return;
                }

                var current = _state.TryGetLv(waiting.LvName, out var lv) ? lv.SizeBytes : waiting.SizeBeforeBytes;
                if (current < waiting.TargetBytes && !_state.Fits(current, waiting.TargetBytes))
                {
                    continue;
                }

                var command = ExtendCommand.FromMailbox(waiting.Request);
                using var activity = CoordinatorTelemetry.ActivitySource.StartActivity("lvextend.coordinator.extend_waited");
                activity?.SetTag("lvextend.host", waiting.Request.Id.HostId);
                activity?.SetTag("lvextend.vg", Domain.VgName);
                ExtendAttempt attempt;
                if (current >= waiting.TargetBytes)
                {
                    attempt = new ExtendAttempt(ExtendAttemptKind.AlreadyLargeEnough, current, null, TimeSpan.Zero);
                }
                else
                {
                    // The same gate as a new request's: no mutation unless the database says the lease is still ours.
                    await _recorder.CheckFenceAsync();
                    attempt = await _lvm.ExtendLvAsync(waiting.LvName, command.SizeMib, waiting.TargetBytes);
                }

                if (attempt.Kind == ExtendAttemptKind.NoSpace)
                {
                    continue;
                }

                _state.RemoveWaiting(waiting);
                waiting.Clock.Wait = waiting.Clock.Since(waiting.WaitingSince);
                waiting.Clock.Lvextend += attempt.Duration;
                Log.ServedAfterWaiting(_logger, waiting.Request.Id.HostId, waiting.Request.Id.Slot, Domain.VgName, waiting.LvName,
                    waiting.Clock.Wait.TotalSeconds);
                var outcome = await FinishAsync(command, waiting.RequestId, waiting.LvName, current, waiting.TargetBytes, attempt,
                    waiting.Clock, activity, waiting);
                if (outcome.Kind == PipelineOutcomeKind.TermEnded)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (Stopping.IsCancellationRequested)
        {
            // The term ended: the next leader finds the waiting requests in the mailbox.
        }
    }

    /// <summary>The host took the request back from its slot (or put a new one there) while it waited.</summary>
    public async Task WithdrawAsync(WaitingRequest waiting, string reason)
    {
        ArgumentNullException.ThrowIfNull(waiting);
        _state.RemoveWaiting(waiting);
        try
        {
            await _recorder.TransitionAsync(waiting.RequestId, new RequestTransition(
                ExtendRequestState.Withdrawn, reason, WaitSeconds: waiting.Clock.Since(waiting.WaitingSince).TotalSeconds));
        }
        catch (OperationCanceledException) when (Stopping.IsCancellationRequested)
        {
            return;
        }

        _services.Instruments.CountRequest("withdrawn", "mailbox");
        Log.Withdrawn(_logger, waiting.Request.Id.HostId, waiting.Request.Id.Slot, reason);
    }

    /// <summary>Size, VG, LV (bounded re-read), the rules, then the host's growth budget.</summary>
    private async Task<(LvInfo? Lv, ExtendDecision Decision)> ValidateAsync(ExtendCommand command, string lvName)
    {
        if (command.SizeMib == 0)
        {
            var detail = command.Source == ExtendRequestSource.Mailbox
                ? "the requested size is 0; not answered: the failure reply (size 0) would be byte-identical to the request, i.e. a success"
                : "the requested size is 0";
            return (null, ExtendDecision.Reject(RejectionReason.SizeZero, detail));
        }

        if (_state.Vg is null && !await _state.RefreshVgAsync(Stopping))
        {
            return (null, ExtendDecision.Reject(RejectionReason.VolumeGroupUnreadable, $"the VG {Domain.VgName} cannot be read"));
        }

        var lv = await _state.FindLvAsync(lvName, Stopping);
        if (lv is null)
        {
            return (null, ExtendDecision.Reject(
                RejectionReason.UnknownVolume, $"no LV {Domain.VgName}/{lvName} for volume {command.VolumeId}"));
        }

        var registryCapacity = _state.RegistryCapacityOf(command.VolumeId);
        VolumeCap? knownCap = null;
        if (_state.IsVdsmDomain)
        {
            // A vdsm block domain: the capacity is vdsm's own (never our tag or registry); unknown -> refused unless configured.
            var capacity = await _state.VdsmCapacityOfAsync(lvName, Stopping);
            if (!_state.TryGetLv(lvName, out lv))
            {
                return (null, ExtendDecision.Reject(
                    RejectionReason.UnknownVolume, $"no LV {Domain.VgName}/{lvName} for volume {command.VolumeId}"));
            }

            lv = lv with { CapacityMib = null };
            registryCapacity = null;
            if (capacity.Succeeded)
            {
                knownCap = new VolumeCap(capacity.CapMib, string.Create(CultureInfo.InvariantCulture,
                    $"vdsm capacity {capacity.CapacityBytes} bytes x {VdsmCap.CowOverhead}, metadata slot {capacity.Slot}"));
            }
            else
            {
                _state.LogUnknownCapacityOnce(command.VolumeId, lvName, capacity);
                if (Domain.UnknownCapacity != UnknownCapacityPolicy.DomainMaximum)
                {
                    return (lv, ExtendDecision.Reject(RejectionReason.CapacityUnknown,
                        $"the capacity of volume {command.VolumeId} (LV {Domain.VgName}/{lvName}) is unknown: vdsm metadata {capacity.Status}: {capacity.Reason}"));
                }
            }
        }

        var decision = ExtendValidator.Decide(
            command.SizeMib, lv, registryCapacity, _state.Vg!.ExtentSizeBytes, Domain, _services.Policy.Current, knownCap);
        if (decision.Kind == ExtendDecisionKind.Extend && command.HostId is { } hostId
            && _services.Limiter.CheckGrowth(hostId, decision.GrowthBytes / ExtendValidator.Mib) is { } overBudget)
        {
            return (lv, decision with { Kind = ExtendDecisionKind.Reject, Rejection = overBudget });
        }

        return (lv, decision);
    }

    /// <summary>A refusal: answered with size 0 (except a size-0 request), then recorded.</summary>
    private async Task<PipelineOutcome> RefuseAsync(
        ExtendCommand command, NewExtendRequest row, Rejection rejection, RequestClock clock, Activity? activity)
    {
        Log.Rejected(_logger, command.HostId ?? 0, command.Slot ?? -1, command.VolumeId, rejection.Reason, rejection.Detail);
        var answered = rejection.Reason != RejectionReason.SizeZero && await ReplyAsync(command, success: false, clock);
        var id = await _recorder.InsertAsync(row with { Reason = rejection.Detail }, clock);
        await AfterReplyAsync(command, id, clock, "rejected", activity);
        return new PipelineOutcome(PipelineOutcomeKind.Rejected, id, rejection, rejection.Detail, row.SizeBeforeBytes, null, answered);
    }

    /// <summary>The cached free extents cannot cover it: a mailbox request waits (recorded, not answered), an admin one fails.</summary>
    private async Task<PipelineOutcome> NoSpaceAsync(
        ExtendCommand command, NewExtendRequest row, string lvName, long sizeBefore, long targetBytes, RequestClock clock, Activity? activity)
    {
        var vg = _state.Vg!;
        var detail = LeasedLvm.NoSpaceDetail(vg.Name, _state.ExtentsNeeded(sizeBefore, targetBytes), vg.FreeExtents);
        if (command.Request is not { } request)
        {
            var failedId = await _recorder.InsertAsync(row with { State = ExtendRequestState.Failed, Reason = detail }, clock);
            Log.ExtendFailed(_logger, Domain.VgName, lvName, detail);
            await AfterReplyAsync(command, failedId, clock, "failed", activity);
            return new PipelineOutcome(PipelineOutcomeKind.Failed, failedId, null, detail, sizeBefore, null, false);
        }

        var id = await _recorder.InsertAsync(row with { State = ExtendRequestState.WaitingForSpace, Reason = detail }, clock);
        _state.AddWaiting(new WaitingRequest(request, id, lvName, command.VolumeId, sizeBefore, targetBytes, clock, clock.Now()));
        _services.Instruments.CountRequest("waiting_for_space", "mailbox");
        Log.WaitingForSpace(_logger, request.Id.HostId, request.Id.Slot, Domain.VgName, lvName, detail);
        return new PipelineOutcome(PipelineOutcomeKind.WaitingForSpace, id, null, detail, sizeBefore, null, false);
    }

    private async Task<PipelineOutcome> AnswerAlreadyLargeEnoughAsync(
        ExtendCommand command, NewExtendRequest row, long size, RequestClock clock, Activity? activity)
    {
        var answered = await ReplyAsync(command, success: true, clock);
        var id = await _recorder.InsertAsync(
            row with { State = ExtendRequestState.Done, Reason = AlreadyLargeEnough, SizeAfterBytes = size }, clock);
        await AfterReplyAsync(command, id, clock, "already_large_enough", activity);
        return new PipelineOutcome(PipelineOutcomeKind.AlreadyLargeEnough, id, null, AlreadyLargeEnough, size, size, answered);
    }

    /// <summary>After an lvextend attempt (or the space check): reply first, then record; or keep it waiting.</summary>
    private async Task<PipelineOutcome> FinishAsync(
        ExtendCommand command, long id, string lvName, long sizeBefore, long targetBytes, ExtendAttempt attempt,
        RequestClock clock, Activity? activity, WaitingRequest? waited)
    {
        var wait = waited is null ? (double?)null : clock.Wait.TotalSeconds;
        switch (attempt.Kind)
        {
            case ExtendAttemptKind.Extended or ExtendAttemptKind.AlreadyLargeEnough:
            {
                var answered = await ReplyAsync(command, success: true, clock);
                var reason = attempt.Kind == ExtendAttemptKind.AlreadyLargeEnough ? AlreadyLargeEnough : null;
                await _recorder.TransitionAsync(id, new RequestTransition(
                    ExtendRequestState.Done, reason, SizeAfterBytes: attempt.SizeAfterBytes, WaitSeconds: wait,
                    ValidateSeconds: clock.Validate.TotalSeconds, LvextendSeconds: attempt.Duration.TotalSeconds), clock);
                if (command.HostId is { } hostId)
                {
                    _services.Limiter.ChargeGrowth(hostId, Math.Max(0, attempt.SizeAfterBytes - sizeBefore) / ExtendValidator.Mib);
                }

                if (attempt.Kind == ExtendAttemptKind.Extended)
                {
                    Log.Extended(_logger, Domain.VgName, lvName, sizeBefore, attempt.SizeAfterBytes, attempt.Duration.TotalMilliseconds);
                }
                await AfterReplyAsync(command, id, clock, "done", activity);
                await RecordVolumeAsync(command.VolumeId, lvName, attempt.SizeAfterBytes);
                var kind = attempt.Kind == ExtendAttemptKind.Extended ? PipelineOutcomeKind.Done : PipelineOutcomeKind.AlreadyLargeEnough;
                return new PipelineOutcome(kind, id, null, reason, sizeBefore, attempt.SizeAfterBytes, answered);
            }

            case ExtendAttemptKind.NoSpace when command.Request is { } request:
                if (waited is null)
                {
                    await _recorder.TransitionAsync(id, new RequestTransition(
                        ExtendRequestState.WaitingForSpace, attempt.Reason, LvextendSeconds: attempt.Duration.TotalSeconds), clock);
                    _state.AddWaiting(new WaitingRequest(request, id, lvName, command.VolumeId, sizeBefore, targetBytes, clock, clock.Now()));
                    _services.Instruments.CountRequest("waiting_for_space", "mailbox");
                    Log.WaitingForSpace(_logger, request.Id.HostId, request.Id.Slot, Domain.VgName, lvName, attempt.Reason ?? "");
                }

                return new PipelineOutcome(PipelineOutcomeKind.WaitingForSpace, id, null, attempt.Reason, sizeBefore, null, false);

            case ExtendAttemptKind.NoSpace or ExtendAttemptKind.Failed:
            {
                var answered = await ReplyAsync(command, success: false, clock);
                await _recorder.TransitionAsync(id, new RequestTransition(
                    ExtendRequestState.Failed, attempt.Reason, WaitSeconds: wait, ValidateSeconds: clock.Validate.TotalSeconds,
                    LvextendSeconds: attempt.Duration.TotalSeconds), clock);
                Log.ExtendFailed(_logger, Domain.VgName, lvName, attempt.Reason ?? "");
                await AfterReplyAsync(command, id, clock, "failed", activity);
                return new PipelineOutcome(PipelineOutcomeKind.Failed, id, null, attempt.Reason, sizeBefore, null, answered);
            }

            default:
                return PipelineOutcome.TermEnded;
        }
    }

    /// <summary>Writes the mailbox reply while the term is valid (admin calls are answered by the caller).</summary>
    private async Task<bool> ReplyAsync(ExtendCommand command, bool success, RequestClock clock)
    {
        if (command.Request is not { } request)
        {
            return false;
        }

        if (!_term.IsValid)
        {
            throw new OperationCanceledException("The term ended.", Stopping);
        }

        var start = clock.Now();
        var written = await _replies.ReplyAsync(request, success, Stopping);
        clock.Reply = clock.Since(start);
        clock.MarkAnswered();
        if (!written)
        {
            Log.ReplyNotWritten(_logger, request.Id.HostId, request.Id.Slot);
        }

        return written;
    }

    /// <summary>What follows the reply: metrics and the durations row.</summary>
    private async Task AfterReplyAsync(ExtendCommand command, long id, RequestClock clock, string result, Activity? activity)
    {
        activity?.SetTag("lvextend.result", result);
        var source = command.Source == ExtendRequestSource.Admin ? "admin" : "mailbox";
        RecordMetrics(clock, result, source);
        if (command.Request is not null)
        {
            await _recorder.RecordDurationsAsync(id, clock);
        }
    }

    private async Task RecordVolumeAsync(Guid volumeId, string lvName, long sizeBytes)
    {
        var capacity = _state.TryGetLv(lvName, out var lv) ? lv.CapacityMib ?? _state.RegistryCapacityOf(volumeId) : _state.RegistryCapacityOf(volumeId);
        await _recorder.RecordVolumeAsync(new VolumeRegistration(Domain.DomainId, volumeId, lvName, sizeBytes, capacity));
        _state.Remember(new VolumeRecord(volumeId, lvName, capacity));
    }

    private NewExtendRequest NewRow(ExtendCommand command, string? lvName, long? sizeBefore, RequestClock clock) => new(
        command.Source, command.HostId, command.Slot, null, Domain.DomainId, command.VolumeId, Domain.VgName, lvName,
        (long)command.SizeMib, sizeBefore, null, ExtendRequestState.Rejected, null, command.DetectedAt,
        clock.Detect.TotalSeconds, clock.Validate.TotalSeconds);

    private Activity? StartActivity(ExtendCommand command)
    {
        var activity = CoordinatorTelemetry.ActivitySource.StartActivity(
            command.Source == ExtendRequestSource.Admin ? "lvextend.coordinator.admin_extend" : "lvextend.coordinator.extend");
        if (activity is not null)
        {
            activity.SetTag("lvextend.host", command.HostId);
            activity.SetTag("lvextend.slot", command.Slot);
            activity.SetTag("lvextend.vg", Domain.VgName);
            activity.SetTag("lvextend.volume", command.VolumeId);
            activity.SetTag("lvextend.size_mib", command.SizeMib);
        }

        return activity;
    }

    private void RecordMetrics(RequestClock clock, string result, string source)
    {
        var instruments = _services.Instruments;
        instruments.RecordPhase("detect", clock.Detect);
        instruments.RecordPhase("validate", clock.Validate);
        if (clock.Lvextend > TimeSpan.Zero)
        {
            instruments.RecordPhase("lvextend", clock.Lvextend);
        }

        if (clock.Wait > TimeSpan.Zero)
        {
            instruments.RecordPhase("wait", clock.Wait);
        }

        instruments.RecordPhase("record", clock.Record);
        instruments.RecordPhase("reply", clock.Reply);
        instruments.RecordPhase("total", clock.AnsweredAfter ?? clock.Total);
        instruments.CountRequest(result, source);
    }

    private const string AlreadyLargeEnough = "already large enough";
}
