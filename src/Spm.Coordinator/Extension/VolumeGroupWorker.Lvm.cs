using Spm.Coordinator.Lvm;

namespace Spm.Coordinator.Extension;

/// <summary>The VG cache, validation against it, lvextend under the lease, and serving what waits for space.</summary>
internal sealed partial class VolumeGroupWorker
{
    private string LvNameOf(Guid volumeId) => _registry.TryGetValue(volumeId, out var volume) ? volume.LvName : volumeId.ToString();

    private long? RegistryCapacityOf(Guid volumeId) => _registry.TryGetValue(volumeId, out var volume) ? volume.CapacityMib : null;

    /// <summary>Finds the LV (re-reading the VG's LVs when it is unknown) and applies the rules.</summary>
    private async Task<(LvInfo? Lv, ExtendDecision Decision, string? Reject)> ValidateAsync(
        string lvName, Guid volumeId, ulong sizeMib, long? registryCapacity)
    {
        if (sizeMib == 0)
        {
            return (null, default, "the requested size is 0");
        }

        if (_vg is null && !await RefreshVgAsync())
        {
            return (null, default, $"the VG {_domain.VgName} cannot be read");
        }

        if (!_lvs.TryGetValue(lvName, out var lv))
        {
            await RefreshLvsAsync();
            if (!_lvs.TryGetValue(lvName, out lv))
            {
                return (null, default, $"no LV {_domain.VgName}/{lvName} for volume {volumeId}");
            }
        }

        var decision = ExtendValidator.Decide(sizeMib, lv, registryCapacity, _vg!.ExtentSizeBytes, _domain, _services.Policy.Current);
        return (lv, decision, decision.Kind == ExtendDecisionKind.Reject ? decision.Reason : null);
    }

    /// <summary>
    /// Runs lvextend only while the lease has at least <see cref="ExtendServices.MinimumLvmBudget"/> left, with a
    /// timeout no longer than what is left; a failure is explained by re-reading the LV and the VG (extents,
    /// not the English message).
    /// </summary>
    private async Task<ExtendAttempt> ExtendAsync(string lvName, ulong sizeMib, long targetBytes)
    {
        if (!_term.TryGetBudget(ExtendServices.MinimumLvmBudget, out var remaining))
        {
            Log.NoLeaseLeft(_logger, _domain.VgName, lvName, remaining.TotalMilliseconds);
            // Too little lease to mutate: end the whole term, so no worker lingers half-alive if a
            // later renewal succeeds; the election service starts a fresh term (new epoch) then.
            _term.End("too little lease left for an LVM mutation");
            return new ExtendAttempt(ExtendAttemptKind.NotLeader, 0, "no lease left", TimeSpan.Zero);
        }

        var timeout = remaining < _services.Options.Lvm.CommandTimeout ? remaining : _services.Options.Lvm.CommandTimeout;
        var result = await _services.Lvm.ExtendLvAsync(_domain.VgName, lvName, sizeMib, Devices, timeout, Stopping);
        if (result.Succeeded)
        {
            var before = _lvs.TryGetValue(lvName, out var cached) ? cached.SizeBytes : 0;
            if (cached is not null)
            {
                _lvs[lvName] = cached with { SizeBytes = targetBytes };
            }

            if (_vg is { } vg && targetBytes > before)
            {
                var used = (targetBytes - before) / vg.ExtentSizeBytes;
                _vg = vg with { FreeExtents = vg.FreeExtents - used, FreeBytes = vg.FreeBytes - (used * vg.ExtentSizeBytes) };
                _services.Instruments.SetVgFree(vg.Name, _vg.FreeBytes);
            }

            return new ExtendAttempt(ExtendAttemptKind.Extended, targetBytes, null, result.Duration);
        }

        if (!_term.IsValid)
        {
            return new ExtendAttempt(ExtendAttemptKind.NotLeader, 0, "the term ended during lvextend", result.Duration);
        }

        await RefreshLvsAsync();
        await RefreshVgAsync();
        if (_lvs.TryGetValue(lvName, out var lv) && lv.SizeBytes >= targetBytes)
        {
            return new ExtendAttempt(ExtendAttemptKind.AlreadyLargeEnough, lv.SizeBytes, null, result.Duration);
        }

        if (lv is not null && _vg is { } after)
        {
            var needed = (targetBytes - lv.SizeBytes + after.ExtentSizeBytes - 1) / after.ExtentSizeBytes;
            if (after.FreeExtents < needed)
            {
                return new ExtendAttempt(
                    ExtendAttemptKind.NoSpace, 0,
                    $"not enough free extents in {after.Name}: {needed} needed, {after.FreeExtents} free", result.Duration);
            }
        }

        return new ExtendAttempt(ExtendAttemptKind.Failed, 0, result.Describe(), result.Duration);
    }

    /// <summary>Serves waiting requests oldest first, each as soon as the VG's free extents allow it.</summary>
    private async Task ServeWaitingAsync()
    {
        if (_waiting.Count == 0 || !await RefreshVgAsync())
        {
            return;
        }

        foreach (var waiting in _waiting.ToList())
        {
            if (!_term.IsValid)
            {
                return;
            }

            var vg = _vg!;
            var current = _lvs.TryGetValue(waiting.LvName, out var lv) ? lv.SizeBytes : 0;
            var needed = Math.Max(0, (waiting.TargetBytes - current + vg.ExtentSizeBytes - 1) / vg.ExtentSizeBytes);
            if (needed > vg.FreeExtents)
            {
                continue;
            }

            var request = waiting.Request;
            using var activity = Telemetry.CoordinatorTelemetry.ActivitySource.StartActivity("lvextend.coordinator.extend_waited");
            activity?.SetTag("lvextend.host", request.Id.HostId);
            activity?.SetTag("lvextend.vg", _domain.VgName);
            var attempt = await ExtendAsync(waiting.LvName, request.Extend!.Value.SizeMib, waiting.TargetBytes);
            if (attempt.Kind == ExtendAttemptKind.NoSpace)
            {
                continue;
            }

            _waiting.Remove(waiting);
            UpdateWaitingGauge();
            waiting.Clock.Wait = waiting.Clock.Since(waiting.WaitingSince);
            waiting.Clock.Lvextend += attempt.Duration;
            Log.ServedAfterWaiting(_logger, request.Id.HostId, request.Id.Slot, _domain.VgName, waiting.LvName, waiting.Clock.Wait.TotalSeconds);
            await CompleteMailboxAsync(request, waiting.RequestId, waiting.LvName, waiting.TargetBytes, current, attempt,
                waiting.Clock, activity, waiting.WaitingSince);
        }
    }

    private async Task<bool> RefreshVgAsync()
    {
        var result = await _services.Lvm.GetVgAsync(_domain.VgName, Devices, Stopping);
        if (!result.Succeeded)
        {
            Log.VgReadFailed(_logger, _domain.VgName, result.Error ?? "");
            return false;
        }

        _vg = result.Value!;
        _services.Instruments.SetVgFree(_vg.Name, _vg.FreeBytes);
        return true;
    }

    private async Task RefreshLvsAsync()
    {
        var result = await _services.Lvm.ListLvsAsync(_domain.VgName, Devices, Stopping);
        if (!result.Succeeded)
        {
            Log.VgReadFailed(_logger, _domain.VgName, result.Error ?? "");
            return;
        }

        _lvs.Clear();
        foreach (var lv in result.Value!)
        {
            _lvs[lv.Name] = lv;
        }
    }
}
