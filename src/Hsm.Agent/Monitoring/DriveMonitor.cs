using Hsm.Agent.Activation;
using Hsm.Agent.Extension;
using Hsm.Agent.Options;
using Hsm.Agent.Telemetry;
using Microsoft.Extensions.Options;

namespace Hsm.Agent.Monitoring;

/// <summary>
/// The threshold state machine of one drive (vdsm §7.3): UNSET → (arm) SET → (event, ENOSPC or check)
/// EXCEEDED → (extended, re-armed) SET, and DISABLED at the maximum size. EXCEEDED always extends,
/// without re-checking the watermark. The monitor keeps the sizes (watermark, physical, threshold, write
/// rate) and decides the next size; its <see cref="DriveExtensionFlow"/> runs the extension loop (one at a
/// time), which retries with capped exponential backoff until the LV is verified at the requested size,
/// then re-arms the threshold here and resumes the VM if it stopped on ENOSPC.
/// </summary>
internal sealed partial class DriveMonitor : IAsyncDisposable
{
    private readonly IVmControl _vm;
    private readonly DriveExtender _extender;
    private readonly IOptionsMonitor<ExtensionPolicyOptions> _policy;
    private readonly ExtensionLatencyTracker _latency;
    private readonly WriteRateMeter _rate;
    private readonly TimeProvider _timeProvider;
    private readonly AgentInstruments _instruments;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _armGate = new(1, 1);
    private readonly DriveExtensionFlow _flow;
    private DriveState _state;
    private long _watermark;
    private long _physical;
    private long _threshold;
    private long _capacity;
    private bool _improbable;
    private DateTimeOffset _exceededAt;
    private long _lastChunk;
    private DateTimeOffset _lastChecked = DateTimeOffset.MinValue;
    private long _checkedWatermark;
    private bool _written;

    public DriveMonitor(
        DriveIdentity drive,
        long capacity,
        long physical,
        IVmControl vm,
        DriveExtender extender,
        IOptionsMonitor<ExtensionPolicyOptions> policy,
        ExtensionLatencyTracker latency,
        TimeProvider timeProvider,
        AgentInstruments instruments,
        ILogger logger)
    {
        Drive = drive;
        _capacity = capacity;
        _physical = physical;
        _vm = vm;
        _extender = extender;
        _policy = policy;
        _latency = latency;
        _rate = new WriteRateMeter(timeProvider);
        _timeProvider = timeProvider;
        _instruments = instruments;
        _logger = logger;
        _flow = new DriveExtensionFlow(this, _lock, vm, extender, policy, latency, timeProvider, instruments, logger);
    }

    public DriveIdentity Drive { get; }

    /// <summary>
    /// Raised (possibly with the drive's lock held: keep it cheap) when the drive starts needing the frequent
    /// check: its threshold was invalidated or refused, or it was exceeded. Set once by the owner before use.
    /// </summary>
    public CheckSignal? CheckNeeded { get; set; }

    public DriveState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <summary>Completes when no extension loop runs (for tests and orderly shutdown).</summary>
    public Task ExtensionTask => _flow.Loop;

    /// <summary>True in EXCEEDED; the caller holds the drive lock (the extension flow, deciding whether to loop again).</summary>
    internal bool IsExceededLocked => _state == DriveState.Exceeded;

    public DriveStatus Snapshot()
    {
        lock (_lock)
        {
            return new DriveStatus(Drive, _state, _watermark, _physical, _threshold, _capacity, _improbable, _flow.PendingLocked, _flow.FailuresLocked,
                _flow.LastErrorLocked, _flow.LastExtensionLocked, _rate.BytesPerSecond, _lastChunk);
        }
    }

    /// <summary>BLOCK_WRITE_THRESHOLD on the protocol node: the write that crossed it ended at threshold + exceeded.</summary>
    public void OnWriteThresholdEvent(long writeThreshold, long amountExceeded)
    {
        lock (_lock)
        {
            _watermark = Math.Max(_watermark, writeThreshold + amountExceeded);
            _rate.Observe(_watermark, _policy.CurrentValue.Adaptive);
            if (_state == DriveState.Set)
            {
                MarkExceededLocked(ExceededReason.ThresholdEvent);
            }
        }
    }

    /// <summary>BLOCK_IO_ERROR with nospace: extend urgently (whatever the state but DISABLED).</summary>
    public void OnNoSpace()
    {
        lock (_lock)
        {
            if (_state == DriveState.Disabled)
            {
                Log.NoSpaceAtMaximum(_logger, Drive.VmName, Drive.DriveName, _physical);
                return;
            }

            MarkExceededLocked(ExceededReason.NoSpace);
        }
    }

    /// <summary>
    /// When the periodic check must next look at this drive: <see cref="DateTimeOffset.MinValue"/> (at every
    /// check) while no threshold is armed (UNSET), it is exceeded or an extension runs, or while its watermark grew
    /// at the last check (adaptive growth follows its write rate; the status stays current); otherwise (armed and
    /// quiet, or DISABLED) the safety re-check, <see cref="ExtensionPolicyOptions.SafetyCheckInterval"/> after
    /// its last check, which catches a lost threshold event.
    /// </summary>
    public DateTimeOffset NextCheckAt(ExtensionPolicyOptions policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        lock (_lock)
        {
            var frequent = _state is DriveState.Unset or DriveState.Exceeded || _flow.IsRunningLocked
                || (_state == DriveState.Set && _written);
            return frequent || _lastChecked == DateTimeOffset.MinValue ? DateTimeOffset.MinValue : _lastChecked + policy.SafetyCheckInterval;
        }
    }

    /// <summary>The policy changed: a SET drive re-arms at the next check with the new limit.</summary>
    public void OnPolicyChanged() => InvalidateThreshold();

    /// <summary>
    /// The armed threshold may be gone (policy change, or the VM source reconnected: libvirtd restarted and
    /// forgot it): a SET drive goes back to UNSET and the next check re-arms it.
    /// </summary>
    public void InvalidateThreshold()
    {
        lock (_lock)
        {
            if (_state == DriveState.Set)
            {
                _state = DriveState.Unset;
                CheckNeeded?.Set();
            }
        }
    }

    /// <summary>The periodic fallback check with the protocol node's watermark from query-blockstats.</summary>
    public async Task CheckAsync(long watermark, CancellationToken cancellationToken)
    {
        var policy = _policy.CurrentValue;
        DriveState state;
        lock (_lock)
        {
            _watermark = Math.Max(_watermark, watermark);
            _rate.Observe(_watermark, policy.Adaptive);
            _written = watermark > _checkedWatermark;
            _checkedWatermark = Math.Max(_checkedWatermark, watermark);
            _lastChecked = _timeProvider.GetUtcNow();
            state = _state;
            if (state == DriveState.Set)
            {
                var current = LimitLocked(policy);
                if (ExtensionMath.NeedsExtend(_physical, _watermark, current))
                {
                    MarkExceededLocked(ExceededReason.Check);
                    return;
                }

                var threshold = ExtensionMath.Threshold(_physical, current);
                if (policy.Adaptive.Enabled && (threshold < _threshold || AdaptiveChunkPolicy.HeadroomFarTooLarge(_physical - _threshold, current)))
                {
                    // The rate or the latency rose: the armed threshold leaves too little headroom; re-arm earlier. Or
                    // they fell a lot (a burst of slow extensions left the window): re-arm later, so that the drive
                    // does not keep the burst's headroom until its next extension.
                    Log.Rearming(_logger, Drive.VmName, Drive.DriveName, _threshold, threshold, _rate.BytesPerSecond / ExtensionMath.Mib);
                    _state = DriveState.Unset;
                    state = DriveState.Unset;
                }
            }

            if (state == DriveState.Exceeded && _flow.TryRestartLocked())
            {
                // The loop stopped (improbable watermark, error): re-evaluate with the current sizes.
                return;
            }
        }

        if (state != DriveState.Unset)
        {
            return;
        }

        long physical;
        try
        {
            physical = await _extender.Activator.GetSizeAsync(Drive.Volume.VolumeGroup, Drive.Volume.LogicalVolume, cancellationToken);
        }
        catch (VolumeActivationException ex)
        {
            Log.SizeUnavailable(_logger, Drive.VmName, Drive.DriveName, ex.Message);
            return;
        }

        lock (_lock)
        {
            if (_state != DriveState.Unset || _flow.IsRunningLocked)
            {
                return;
            }

            _physical = physical;
            if (!ExtensionMath.CanExtend(_physical, _capacity))
            {
                _state = DriveState.Disabled;
                Log.Disabled(_logger, Drive.VmName, Drive.DriveName, _physical, _capacity);
                return;
            }

            if (ExtensionMath.NeedsExtend(_physical, _watermark, LimitLocked(policy)))
            {
                MarkExceededLocked(ExceededReason.Check);
                return;
            }
        }

        await ArmAsync(cancellationToken);
    }

    /// <summary>
    /// The free space to keep above the watermark: the adaptive headroom (rate x extension p99 x margin, within
    /// bounds) when enabled, else (100 - utilization)% of the fixed chunk.
    /// </summary>
    private long LimitLocked(ExtensionPolicyOptions policy) => policy.Adaptive.Enabled
        ? AdaptiveChunkPolicy.Limit(_rate.BytesPerSecond, _latency.Estimate(policy.Adaptive), policy.Adaptive)
        : ExtensionMath.WatermarkLimit(policy.ChunkMib * ExtensionMath.Mib, policy.UtilizationPercent);

    public async ValueTask DisposeAsync()
    {
        await _flow.DisposeAsync();
        _armGate.Dispose();
    }

    /// <summary>
    /// For the extension flow, with the drive lock held: records the size just read (null: it could not be
    /// read, keep the last one) and sizes the next request: null when the drive is at its maximum (now
    /// DISABLED); <see cref="ExtensionTarget.Improbable"/> when the watermark lies beyond the next size.
    /// </summary>
    internal ExtensionTarget? TargetLocked(long? physical, ExtensionPolicyOptions policy)
    {
        _physical = physical ?? _physical;
        if (!ExtensionMath.CanExtend(_physical, _capacity))
        {
            _state = DriveState.Disabled;
            Log.Disabled(_logger, Drive.VmName, Drive.DriveName, _physical, _capacity);
            return null;
        }

        long next;
        if (policy.Adaptive.Enabled)
        {
            var decision = AdaptiveChunkPolicy.Decide(_physical, _capacity, _rate.BytesPerSecond, _latency.Estimate(policy.Adaptive), policy.Adaptive);
            next = decision.NextSizeBytes;
            _lastChunk = decision.ChunkBytes;
            Log.ChunkChosen(_logger, Drive.VmName, Drive.DriveName, decision.ChunkBytes / ExtensionMath.Mib, decision.RateBytesPerSecond / ExtensionMath.Mib,
                decision.ExtensionP99.TotalSeconds, decision.LimitBytes / ExtensionMath.Mib, decision.Capped);
        }
        else
        {
            _lastChunk = policy.ChunkMib * ExtensionMath.Mib;
            next = ExtensionMath.NextSize(_physical, _capacity, _lastChunk);
        }

        var improbable = ExtensionMath.IsImprobable(_watermark, next);
        if (improbable && !_improbable)
        {
            _instruments.Improbable();
            Log.Improbable(_logger, Drive.VmName, Drive.DriveName, _watermark, next, _physical);
        }

        _improbable = improbable;
        return new ExtensionTarget(_physical, next, _watermark, _exceededAt, improbable);
    }

    /// <summary>For the extension flow, with the drive lock held: an attempt failed, having seen the LV at <paramref name="newSizeBytes"/> (0: unknown).</summary>
    internal void AttemptFailedLocked(long newSizeBytes)
    {
        if (newSizeBytes > 0)
        {
            _physical = newSizeBytes;
        }
    }

    /// <summary>
    /// For the extension flow, with the drive lock held: the LV is verified at <paramref name="newSizeBytes"/>;
    /// UNSET (re-armed next), or DISABLED at the maximum size.
    /// </summary>
    internal void ExtendedLocked(long newSizeBytes, ExtensionPolicyOptions policy)
    {
        _physical = newSizeBytes;
        _rate.Observe(_watermark, policy.Adaptive);
        _state = ExtensionMath.CanExtend(_physical, _capacity) ? DriveState.Unset : DriveState.Disabled;
        if (_state == DriveState.Unset)
        {
            CheckNeeded?.Set();
        }
    }

    private void MarkExceededLocked(ExceededReason reason)
    {
        if (_state == DriveState.Exceeded && !_improbable)
        {
            return;
        }

        _state = DriveState.Exceeded;
        _exceededAt = _timeProvider.GetUtcNow();
        CheckNeeded?.Set();
        Log.Exceeded(_logger, Drive.VmName, Drive.DriveName, reason, _watermark, _physical, _threshold);
        _flow.EnsureRunningLocked();
    }

    /// <summary>Arms the threshold at physical - limit; SET on success, UNSET if qemu refused.</summary>
    internal async Task ArmAsync(CancellationToken cancellationToken)
    {
        await _armGate.WaitAsync(cancellationToken);
        try
        {
            var policy = _policy.CurrentValue;
            long threshold;
            lock (_lock)
            {
                if (_state is DriveState.Exceeded or DriveState.Disabled)
                {
                    return;
                }

                threshold = ExtensionMath.Threshold(_physical, LimitLocked(policy));
                _threshold = threshold;
                _state = DriveState.Set;
            }

            try
            {
                await _vm.SetWriteThresholdAsync(Drive.ProtocolNode, threshold, cancellationToken);
                Log.Armed(_logger, Drive.VmName, Drive.DriveName, Drive.ProtocolNode, threshold);
            }
            catch (VmControlException ex)
            {
                lock (_lock)
                {
                    if (_state == DriveState.Set)
                    {
                        _state = DriveState.Unset;
                        CheckNeeded?.Set();
                    }
                }

                Log.ArmFailed(_logger, Drive.VmName, Drive.DriveName, ex.Message);
            }
        }
        finally
        {
            _armGate.Release();
        }
    }
}
