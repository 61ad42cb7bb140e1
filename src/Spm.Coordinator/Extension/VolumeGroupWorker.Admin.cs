using Spm.Coordinator.Admin;
using Spm.Coordinator.Store;

namespace Spm.Coordinator.Extension;

/// <summary>Admin work: an extension through the same rules (no waiting), and adding a PV.</summary>
internal sealed partial class VolumeGroupWorker
{
    private async Task<AdminResult<ExtendVolumeOutcome>> ProcessAdminAsync(AdminExtendWork work)
    {
        try
        {
            return await ExtendForAdminAsync(work);
        }
        catch (OperationCanceledException) when (Stopping.IsCancellationRequested)
        {
            work.Completion.TrySetResult(AdminResult<ExtendVolumeOutcome>.Fail(AdminErrorCode.NotLeader, "the term ended during the extension"));
            throw;
        }
    }

    private async Task<AdminResult<ExtendVolumeOutcome>> ExtendForAdminAsync(AdminExtendWork work)
    {
        var clock = new RequestClock(_services.TimeProvider, work.ReceivedAt);
        using var activity = Telemetry.CoordinatorTelemetry.ActivitySource.StartActivity("lvextend.coordinator.admin_extend");
        var validateStart = clock.Now();
        var lvName = LvNameOf(work.VolumeId);
        var (lv, decision, reject) = await ValidateAsync(lvName, work.VolumeId, work.SizeMib, RegistryCapacityOf(work.VolumeId));
        clock.Validate = clock.Since(validateStart);
        var row = new NewExtendRequest(
            ExtendRequestSource.Admin, null, null, null, _domain.DomainId, work.VolumeId, _domain.VgName, lv is null ? null : lvName,
            (long)work.SizeMib, lv?.SizeBytes, null, ExtendRequestState.Rejected, reject, work.ReceivedAt,
            clock.Detect.TotalSeconds, clock.Validate.TotalSeconds);
        if (reject is not null)
        {
            var rejectedId = await RecordNewAsync(row, clock);
            RecordMetrics(clock, "rejected", "admin", clock.Total);
            return AdminResult<ExtendVolumeOutcome>.Ok(new ExtendVolumeOutcome(rejectedId, ExtendRequestState.Rejected, reject, lv?.SizeBytes, null));
        }

        if (decision.Kind == ExtendDecisionKind.AlreadyLargeEnough)
        {
            const string reason = "already large enough";
            var doneId = await RecordNewAsync(row with { State = ExtendRequestState.Done, Reason = reason, SizeAfterBytes = lv!.SizeBytes }, clock);
            RecordMetrics(clock, "already_large_enough", "admin", clock.Total);
            return AdminResult<ExtendVolumeOutcome>.Ok(new ExtendVolumeOutcome(doneId, ExtendRequestState.Done, reason, lv.SizeBytes, lv.SizeBytes));
        }

        var id = await RecordNewAsync(row with { State = ExtendRequestState.Extending }, clock);
        var attempt = await ExtendAsync(lvName, work.SizeMib, decision.TargetBytes);
        clock.Lvextend = attempt.Duration;
        var (state, result, reason2) = attempt.Kind switch
        {
            ExtendAttemptKind.Extended => (ExtendRequestState.Done, "done", (string?)null),
            ExtendAttemptKind.AlreadyLargeEnough => (ExtendRequestState.Done, "done", "already large enough"),
            ExtendAttemptKind.NoSpace => (ExtendRequestState.Failed, "failed", attempt.Reason),
            ExtendAttemptKind.Failed => (ExtendRequestState.Failed, "failed", attempt.Reason),
            _ => throw new OperationCanceledException("The term ended.", Stopping),
        };
        var after = state == ExtendRequestState.Done ? attempt.SizeAfterBytes : (long?)null;
        await RecordTransitionAsync(id, new RequestTransition(
            state, reason2, SizeAfterBytes: after, ValidateSeconds: clock.Validate.TotalSeconds,
            LvextendSeconds: attempt.Duration.TotalSeconds), clock);
        RecordMetrics(clock, result, "admin", clock.Total);
        if (after is { } size)
        {
            await RecordVolumeAsync(work.VolumeId, lvName, size);
        }

        return AdminResult<ExtendVolumeOutcome>.Ok(new ExtendVolumeOutcome(id, state, reason2, lv!.SizeBytes, after));
    }

    /// <summary>pvcreate + vgextend (restricted to the pool's devices plus the new one), then persist the device.</summary>
    private async Task<AdminResult<AddPhysicalVolumeOutcome>> AddPhysicalVolumeAsync(string device)
    {
        try
        {
            var current = Devices;
            IReadOnlyList<string> devices = current.Contains(device, StringComparer.Ordinal) ? current : [.. current, device];
            // Record the device first (fenced): if this leader dies after vgextend, the next one must still
            // list the new PV in --devices, or LVM sees a partial VG. An extra listed device does no harm.
            var persisted = await WithRetryAsync(ct => _services.DomainStore.AddDeviceAsync(_term.Fence, _domain.DomainId, device, ct), "add device")
                ?? throw Fenced("add device");
            _services.Domains.MergeDevices(_domain.DomainId, persisted);
            var pvcreate = await RunMutationAsync(budget => _services.Lvm.CreatePvAsync(device, devices, budget, Stopping));
            if (pvcreate is null)
            {
                return AdminResult<AddPhysicalVolumeOutcome>.Fail(AdminErrorCode.NotLeader, "no lease left for pvcreate");
            }

            if (!pvcreate.Succeeded)
            {
                return AdminResult<AddPhysicalVolumeOutcome>.Fail(AdminErrorCode.FailedPrecondition, $"pvcreate {device}: {pvcreate.Describe()}");
            }

            var vgextend = await RunMutationAsync(budget => _services.Lvm.ExtendVgAsync(_domain.VgName, device, devices, budget, Stopping));
            if (vgextend is null)
            {
                return AdminResult<AddPhysicalVolumeOutcome>.Fail(AdminErrorCode.NotLeader, "no lease left for vgextend");
            }

            if (!vgextend.Succeeded)
            {
                return AdminResult<AddPhysicalVolumeOutcome>.Fail(
                    AdminErrorCode.FailedPrecondition, $"vgextend {_domain.VgName} {device}: {vgextend.Describe()}");
            }

            Log.PhysicalVolumeAdded(_logger, _domain.VgName, device, _waiting.Count);
            if (!await RefreshVgAsync())
            {
                return AdminResult<AddPhysicalVolumeOutcome>.Fail(AdminErrorCode.Unavailable, $"the VG {_domain.VgName} grew but cannot be read");
            }

            return AdminResult<AddPhysicalVolumeOutcome>.Ok(new AddPhysicalVolumeOutcome(
                _domain.DomainId, _domain.VgName, device, _vg!.SizeBytes, _vg.FreeBytes, _waiting.Count));
        }
        catch (OperationCanceledException) when (Stopping.IsCancellationRequested)
        {
            return AdminResult<AddPhysicalVolumeOutcome>.Fail(AdminErrorCode.NotLeader, "the term ended while adding the PV");
        }
    }

    /// <summary>Runs an LVM mutation with a timeout within the lease; null when too little lease is left.</summary>
    private async Task<Lvm.LvmCommandResult?> RunMutationAsync(Func<TimeSpan, Task<Lvm.LvmCommandResult>> run)
    {
        if (!_term.TryGetBudget(ExtendServices.MinimumLvmBudget, out var remaining))
        {
            _term.End("too little lease left for an LVM mutation");
            return null;
        }

        var timeout = remaining < _services.Options.Lvm.CommandTimeout ? remaining : _services.Options.Lvm.CommandTimeout;
        var result = await run(timeout);
        return result.TimedOut && !_term.IsValid ? null : result;
    }
}
