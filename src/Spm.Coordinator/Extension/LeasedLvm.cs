using Spm.Coordinator.Leadership;
using Spm.Coordinator.Lvm;

namespace Spm.Coordinator.Extension;

/// <summary>
/// LVM mutations under the lease: one starts only while at least <see cref="MinimumBudget"/> of lease is
/// left, with a timeout no longer than what is left (the runner kills it then). A failed lvextend is
/// explained from extents (re-reading the LV and the VG), not from lvm's English.
/// </summary>
internal sealed partial class LeasedLvm
{
    /// <summary>Below this much lease left, no LVM mutation starts.</summary>
    public static readonly TimeSpan MinimumBudget = TimeSpan.FromMilliseconds(250);

    private readonly LeaderTerm _term;
    private readonly ILvm _lvm;
    private readonly VolumeGroupState _state;
    private readonly TimeSpan _commandTimeout;
    private readonly ILogger _logger;

    public LeasedLvm(LeaderTerm term, ILvm lvm, VolumeGroupState state, TimeSpan commandTimeout, ILogger logger)
    {
        _term = term;
        _lvm = lvm;
        _state = state;
        _commandTimeout = commandTimeout;
        _logger = logger;
    }

    /// <summary>lvextend to <paramref name="sizeMib"/>; on success the VG state is updated.</summary>
    public async Task<ExtendAttempt> ExtendLvAsync(string lvName, ulong sizeMib, long targetBytes)
    {
        var vgName = _state.Domain.VgName;
        var result = await RunMutationAsync((timeout, ct) => _lvm.ExtendLvAsync(vgName, lvName, sizeMib, _state.Devices, timeout, ct));
        if (result is null)
        {
            return new ExtendAttempt(ExtendAttemptKind.NotLeader, 0, "no lease left for lvextend", TimeSpan.Zero);
        }

        if (result.Succeeded)
        {
            _state.ApplyExtension(lvName, targetBytes);
            return new ExtendAttempt(ExtendAttemptKind.Extended, targetBytes, null, result.Duration);
        }

        if (!_term.IsValid)
        {
            return new ExtendAttempt(ExtendAttemptKind.NotLeader, 0, "the term ended during lvextend", result.Duration);
        }

        await _state.RefreshLvsAsync(_term.Stopping);
        await _state.RefreshVgAsync(_term.Stopping);
        if (_state.TryGetLv(lvName, out var lv) && lv.SizeBytes >= targetBytes)
        {
            return new ExtendAttempt(ExtendAttemptKind.AlreadyLargeEnough, lv.SizeBytes, null, result.Duration);
        }

        if (lv is not null && _state.Vg is { } vg)
        {
            var needed = _state.ExtentsNeeded(lv.SizeBytes, targetBytes);
            if (vg.FreeExtents < needed)
            {
                return new ExtendAttempt(
                    ExtendAttemptKind.NoSpace, 0, NoSpaceDetail(vg.Name, needed, vg.FreeExtents), result.Duration);
            }
        }

        return new ExtendAttempt(ExtendAttemptKind.Failed, 0, Describe(result), result.Duration);
    }

    /// <summary>Runs an LVM mutation with a timeout within the lease; null when the term is over (none ran, or it was stopped for it).</summary>
    public async Task<LvmCommandResult?> RunMutationAsync(Func<TimeSpan, CancellationToken, Task<LvmCommandResult>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (!_term.TryGetBudget(MinimumBudget, out var remaining))
        {
            Log.NoLeaseLeft(_logger, _state.Domain.VgName, remaining.TotalMilliseconds);
            // Too little lease to mutate: end the whole term, so no worker lingers half-alive if a later
            // renewal succeeds; the election service starts a fresh term (new epoch) then.
            TermEnding.NoLeaseLeft(_term);
            return null;
        }

        var timeout = remaining < _commandTimeout ? remaining : _commandTimeout;
        var result = await run(timeout, _term.Stopping);
        return result.TimedOut && !_term.IsValid ? null : result;
    }

    /// <summary>The one-line failure text: "killed" only when our timeout stopped it while the term was valid.</summary>
    public string Describe(LvmCommandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.TimedOut
            ? $"lvm did not finish within its {_commandTimeout.TotalSeconds:F1} s timeout and was killed"
            : result.Describe();
    }

    public static string NoSpaceDetail(string vgName, long needed, long free) =>
        $"not enough free extents in {vgName}: {needed} needed, {free} free";
}
