using Hsm.Agent.Activation;
using Hsm.Agent.Extension;
using Hsm.Agent.Options;
using Hsm.Agent.Telemetry;
using Microsoft.Extensions.Options;

namespace Hsm.Agent.Monitoring;

/// <summary>
/// The threshold state machine of one drive (vdsm §7.3): UNSET → (arm) SET → (event, ENOSPC or check)
/// EXCEEDED → (extended, re-armed) SET, and DISABLED at the maximum size. EXCEEDED always extends,
/// without re-checking the watermark. One extension loop per drive at a time; it retries with capped
/// exponential backoff until the LV is verified at the requested size, then re-arms the threshold and
/// resumes the VM if it stopped on ENOSPC.
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
    private readonly CancellationTokenSource _stop = new();
    private DriveState _state;
    private long _watermark;
    private long _physical;
    private long _threshold;
    private long _capacity;
    private bool _improbable;
    private bool _extending;
    private Task _extension = Task.CompletedTask;
    private DateTimeOffset _exceededAt;
    private PendingExtension? _pending;
    private int _failures;
    private string? _lastError;
    private ExtensionPhases? _lastExtension;
    private DateTimeOffset _retryNotBefore;
    private long _lastChunk;

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
    }

    public DriveIdentity Drive { get; }

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
    public Task ExtensionTask
    {
        get
        {
            lock (_lock)
            {
                return _extension;
            }
        }
    }

    public DriveStatus Snapshot()
    {
        lock (_lock)
        {
            return new DriveStatus(Drive, _state, _watermark, _physical, _threshold, _capacity, _improbable, _pending, _failures, _lastError, _lastExtension,
                _rate.BytesPerSecond, _lastChunk);
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
                if (policy.Adaptive.Enabled && threshold < _threshold)
                {
                    // The rate rose: the armed threshold leaves too little headroom; re-arm earlier.
                    Log.Rearming(_logger, Drive.VmName, Drive.DriveName, _threshold, threshold, _rate.BytesPerSecond / ExtensionMath.Mib);
                    _state = DriveState.Unset;
                    state = DriveState.Unset;
                }
            }

            if (state == DriveState.Exceeded && !_extending && _timeProvider.GetUtcNow() >= _retryNotBefore)
            {
                // The loop stopped (improbable watermark, error): re-evaluate with the current sizes.
                _extending = true;
                _extension = Task.Run(() => ExtendLoopAsync(_stop.Token), CancellationToken.None);
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
            if (_state != DriveState.Unset || _extending)
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
        ? AdaptiveChunkPolicy.Limit(_rate.BytesPerSecond, _latency.P99(policy.Adaptive), policy.Adaptive)
        : ExtensionMath.WatermarkLimit(policy.ChunkMib * ExtensionMath.Mib, policy.UtilizationPercent);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await ExtensionTask;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
        _armGate.Dispose();
    }

    private void MarkExceededLocked(ExceededReason reason)
    {
        if (_state == DriveState.Exceeded && !_improbable)
        {
            return;
        }

        _state = DriveState.Exceeded;
        _exceededAt = _timeProvider.GetUtcNow();
        Log.Exceeded(_logger, Drive.VmName, Drive.DriveName, reason, _watermark, _physical, _threshold);
        if (!_extending)
        {
            _extending = true;
            _extension = Task.Run(() => ExtendLoopAsync(_stop.Token), CancellationToken.None);
        }
    }

    /// <summary>Arms the threshold at physical - limit; SET on success, UNSET if qemu refused.</summary>
    private async Task ArmAsync(CancellationToken cancellationToken)
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
