using System.Diagnostics;
using Shared.Mailbox;
using Spm.Coordinator.Admin;
using Spm.Coordinator.Lvm;
using Spm.Coordinator.Store;
using Spm.Coordinator.Telemetry;

namespace Spm.Coordinator.Extension;

/// <summary>Mailbox requests: validate, decide, extend, record, reply.</summary>
internal sealed partial class VolumeGroupWorker
{
    private async Task ProcessMailboxAsync(MailboxRequest request)
    {
        var message = request.Extend ?? throw new ArgumentException("Not a decoded extend request.", nameof(request));
        var clock = new RequestClock(_services.TimeProvider, request.DetectedAt);
        using var activity = CoordinatorTelemetry.ActivitySource.StartActivity("lvextend.coordinator.extend");
        activity?.SetTag("lvextend.host", request.Id.HostId);
        activity?.SetTag("lvextend.slot", request.Id.Slot);
        activity?.SetTag("lvextend.vg", _domain.VgName);
        activity?.SetTag("lvextend.volume", message.Volume);
        activity?.SetTag("lvextend.size_mib", message.SizeMib);

        var replaced = _waiting.FindIndex(w => w.Request.Id == request.Id);
        if (replaced >= 0)
        {
            await DropWaitingAsync(replaced, "replaced by a new request in the same slot");
        }

        var hostId = request.Id.HostId;
        var validateStart = clock.Now();
        var lvName = LvNameOf(message.Volume);
        var capacity = RegistryCapacityOf(message.Volume);
        LvInfo? lv = null;
        ExtendDecision decision = default;
        var reject = _services.Limiter.TryAcquireRequest(hostId);
        if (reject is null)
        {
            (lv, decision, reject) = await ValidateAsync(lvName, message.Volume, message.SizeMib, capacity);
            if (reject is null && decision.Kind == ExtendDecisionKind.Extend)
            {
                reject = _services.Limiter.CheckGrowth(hostId, decision.GrowthBytes / ExtendValidator.Mib);
            }
        }

        clock.Validate = clock.Since(validateStart);
        var row = new NewExtendRequest(
            ExtendRequestSource.Mailbox, hostId, request.Id.Slot, null, message.Domain, message.Volume, _domain.VgName,
            lv is null ? null : lvName, (long)message.SizeMib, lv?.SizeBytes, null, ExtendRequestState.Rejected, reject,
            request.DetectedAt, clock.Detect.TotalSeconds, clock.Validate.TotalSeconds);

        if (reject is not null)
        {
            Log.Rejected(_logger, hostId, request.Id.Slot, message.Volume, reject);
            var rejectedId = await RecordNewAsync(row, clock);
            await ReplyAsync(request, rejectedId, false, clock, "rejected", activity);
            return;
        }

        if (decision.Kind == ExtendDecisionKind.AlreadyLargeEnough)
        {
            var doneId = await RecordNewAsync(
                row with { State = ExtendRequestState.Done, Reason = "already large enough", SizeAfterBytes = lv!.SizeBytes }, clock);
            await ReplyAsync(request, doneId, true, clock, "already_large_enough", activity);
            return;
        }

        var id = await RecordNewAsync(row with { State = ExtendRequestState.Extending }, clock);
        var attempt = await ExtendAsync(lvName, message.SizeMib, decision.TargetBytes);
        clock.Lvextend = attempt.Duration;
        await CompleteMailboxAsync(request, id, lvName, decision.TargetBytes, lv!.SizeBytes, attempt, clock, activity);
    }

    /// <summary>Records and answers an lvextend outcome (new or waiting request); keeps it waiting on NoSpace.</summary>
    private async Task<bool> CompleteMailboxAsync(
        MailboxRequest request, long id, string lvName, long targetBytes, long sizeBefore, ExtendAttempt attempt,
        RequestClock clock, Activity? activity, long? waitingSince = null)
    {
        var message = request.Extend!.Value;
        var wait = waitingSince is { } since ? clock.Since(since) : (TimeSpan?)null;
        switch (attempt.Kind)
        {
            case ExtendAttemptKind.Extended or ExtendAttemptKind.AlreadyLargeEnough:
                await RecordTransitionAsync(id, new RequestTransition(
                    ExtendRequestState.Done,
                    attempt.Kind == ExtendAttemptKind.AlreadyLargeEnough ? "already large enough" : null,
                    SizeAfterBytes: attempt.SizeAfterBytes,
                    WaitSeconds: wait?.TotalSeconds,
                    ValidateSeconds: clock.Validate.TotalSeconds,
                    LvextendSeconds: attempt.Duration.TotalSeconds), clock);
                _services.Limiter.ChargeGrowth(request.Id.HostId, Math.Max(0, attempt.SizeAfterBytes - sizeBefore) / ExtendValidator.Mib);
                Log.Extended(_logger, _domain.VgName, lvName, sizeBefore, attempt.SizeAfterBytes, attempt.Duration.TotalMilliseconds);
                await ReplyAsync(request, id, true, clock, "done", activity);
                await RecordVolumeAsync(message.Volume, lvName, attempt.SizeAfterBytes);
                return true;
            case ExtendAttemptKind.NoSpace:
                if (waitingSince is null)
                {
                    await RecordTransitionAsync(id, new RequestTransition(
                        ExtendRequestState.WaitingForSpace, attempt.Reason, LvextendSeconds: attempt.Duration.TotalSeconds), clock);
                    _waiting.Add(new WaitingRequest(request, id, lvName, message.Volume, targetBytes, clock, clock.Now()));
                    UpdateWaitingGauge();
                    _services.Instruments.CountRequest("waiting_for_space", "mailbox");
                    Log.WaitingForSpace(_logger, request.Id.HostId, request.Id.Slot, _domain.VgName, lvName, attempt.Reason ?? "");
                }

                return false;
            case ExtendAttemptKind.Failed:
                await RecordTransitionAsync(id, new RequestTransition(
                    ExtendRequestState.Failed, attempt.Reason, WaitSeconds: wait?.TotalSeconds,
                    LvextendSeconds: attempt.Duration.TotalSeconds), clock);
                Log.ExtendFailed(_logger, _domain.VgName, lvName, attempt.Reason ?? "");
                await ReplyAsync(request, id, false, clock, "failed", activity);
                return true;
            default:
                throw new OperationCanceledException("The term ended.", Stopping);
        }
    }

    private async Task WithdrawAsync(MailboxRequest request)
    {
        var index = _waiting.FindIndex(w => w.Request.Id == request.Id && w.Request.Payload.Span.SequenceEqual(request.Payload.Span));
        if (index >= 0)
        {
            await DropWaitingAsync(index, "the host withdrew the request from its slot");
        }
    }

    private async Task DropWaitingAsync(int index, string reason)
    {
        var waiting = _waiting[index];
        _waiting.RemoveAt(index);
        UpdateWaitingGauge();
        await RecordTransitionAsync(waiting.RequestId, new RequestTransition(
            ExtendRequestState.Withdrawn, reason, WaitSeconds: waiting.Clock.Since(waiting.WaitingSince).TotalSeconds), waiting.Clock);
        _services.Instruments.CountRequest("withdrawn", "mailbox");
        Log.Withdrawn(_logger, waiting.Request.Id.HostId, waiting.Request.Id.Slot, reason);
    }

    /// <summary>Writes the reply (only while the term is valid), then the reply and total durations.</summary>
    private async Task ReplyAsync(MailboxRequest request, long id, bool success, RequestClock clock, string result, Activity? activity)
    {
        if (!_term.IsValid)
        {
            throw new OperationCanceledException("The term ended.", Stopping);
        }

        var start = clock.Now();
        var written = await _replies.ReplyAsync(request, success, Stopping);
        clock.Reply = clock.Since(start);
        var total = clock.Total;
        if (!written)
        {
            Log.ReplyNotWritten(_logger, request.Id.HostId, request.Id.Slot);
        }

        activity?.SetTag("lvextend.result", result);
        RecordMetrics(clock, result, "mailbox", total);
        try
        {
            if (!await _services.Requests.RecordReplyAsync(
                _term.Fence, id, clock.Reply.TotalSeconds, total.TotalSeconds, clock.Record.TotalSeconds, Stopping))
            {
                throw Fenced("reply durations");
            }
        }
        catch (Exception ex) when (StoreErrors.IsTransient(ex, Stopping))
        {
            Log.StoreWriteFailed(_logger, "reply durations", ex);
        }
    }

    private void RecordMetrics(RequestClock clock, string result, string source, TimeSpan total)
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
        instruments.RecordPhase("total", total);
        instruments.CountRequest(result, source);
    }
}
