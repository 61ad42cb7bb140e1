using Hsm.Agent.Libvirt.Interop;
using Hsm.Agent.Monitoring;
using Hsm.Agent.Options;

namespace Hsm.Agent.Libvirt;

/// <summary>
/// One libvirt domain: its pool drives (the same <see cref="DriveMonitor"/> as for raw QMP), its run
/// state from lifecycle events and <c>virDomainGetState</c>, and the routing of BLOCK_THRESHOLD and
/// IO_ERROR_REASON events to the drives. Outlives a reconnect (drives and extensions in flight are kept;
/// thresholds are re-armed).
/// </summary>
internal sealed class LibvirtDomainMonitor : IMonitoredVm, IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly string _uri;
    private readonly IReadOnlyList<(DriveMonitor Drive, LibvirtDisk Disk)> _drives;
    private readonly Telemetry.AgentInstruments _instruments;
    private readonly VmRunState _run = new();
    private VmConnectionState _connection = VmConnectionState.Connected;
    private string? _lastError;

    public LibvirtDomainMonitor(string uuid, string name, string uri, IReadOnlyList<(DriveMonitor Drive, LibvirtDisk Disk)> drives, Telemetry.AgentInstruments instruments)
    {
        Uuid = uuid;
        Name = name;
        _uri = uri;
        _drives = drives;
        _instruments = instruments;
    }

    public string Uuid { get; }

    public string Name { get; }

    public IEnumerable<DriveMonitor> Drives => _drives.Select(d => d.Drive);

    public VmStatus Snapshot()
    {
        var drives = _drives.Select(d => d.Drive.Snapshot()).ToList();
        var run = _run.Snapshot();
        lock (_lock)
        {
            return new VmStatus(Name, _uri, VmSourceKind.Libvirt, _connection, run.RunStatus, run.PausedOnNoSpace, run.Pauses, run.Resumes, _lastError, drives);
        }
    }

    /// <summary>The connection to libvirt went down or came back (thresholds are re-armed on the way back).</summary>
    public void OnConnection(bool connected, string? error)
    {
        lock (_lock)
        {
            _connection = connected ? VmConnectionState.Connected : VmConnectionState.Disconnected;
            _lastError = error ?? (connected ? null : _lastError);
        }

        if (connected)
        {
            foreach (var (drive, _) in _drives)
            {
                drive.InvalidateThreshold();
            }
        }
    }

    /// <summary>The state read with virDomainGetState (at discovery and after a reconnect).</summary>
    public void OnState(LibvirtDomainState state)
    {
        _run.SetRunStatus(state.RunStatus, resumed: false);
        if (state.IsPausedOnIoError)
        {
            _run.PausedOnNoSpace();
        }

        if (state.IsPausedOnIoError)
        {
            // Stopped on ENOSPC while we were not looking (agent or libvirtd restart): extend at once.
            foreach (var (drive, _) in _drives)
            {
                drive.OnNoSpace();
            }
        }
    }

    public void OnLifecycle(int lifecycleEvent, int detail)
    {
        switch (lifecycleEvent)
        {
            case LibvirtConstants.LifecycleSuspended:
                _run.SetRunStatus(detail == 2 ? "io-error" : "paused", resumed: false);
                break;
            case LibvirtConstants.LifecycleResumed:
                _run.SetRunStatus("running", resumed: true);
                break;
            case LibvirtConstants.LifecycleStarted:
                _run.SetRunStatus("running", resumed: false);
                break;
            case 6:
                _run.SetRunStatus("shutdown", resumed: false);
                break;
            default:
                break;
        }
    }

    /// <summary>BLOCK_THRESHOLD on <paramref name="device"/> (<c>vda[1]</c> or <c>vda</c>); false when no drive has that target.</summary>
    public bool OnBlockThreshold(string device, long threshold, long excess)
    {
        var target = device.Split('[')[0];
        var match = _drives.FirstOrDefault(d => d.Disk.Target == target).Drive;
        match?.OnWriteThresholdEvent(threshold, excess);
        return match is not null;
    }

    /// <summary>IO_ERROR_REASON; true when it was an ENOSPC on a monitored drive (now extending urgently).</summary>
    public bool OnIoError(string? path, string? alias, int action, string? reason)
    {
        if (!string.Equals(reason, "enospc", StringComparison.Ordinal))
        {
            return false;
        }

        var counted = false;
        if (action == LibvirtConstants.IoErrorActionPause)
        {
            _run.SetRunStatus("io-error", resumed: false);
            counted = _run.PausedOnNoSpace();
        }

        if (counted)
        {
            _instruments.Paused();
        }

        var match = _drives.FirstOrDefault(d => d.Disk.SourcePath == path || (alias is { Length: > 0 } && d.Disk.Target == alias)).Drive;
        if (match is null && _drives.Count == 1)
        {
            match = _drives[0].Drive;
        }

        match?.OnNoSpace();
        return match is not null;
    }

    /// <summary>The periodic fallback: the watermark (block.N.allocation) of each drive's target.</summary>
    public async Task CheckAsync(LibvirtDomainStats stats, CancellationToken cancellationToken)
    {
        foreach (var (drive, disk) in _drives)
        {
            var block = stats.Blocks.FirstOrDefault(b => b.Target == disk.Target);
            if (block is not null)
            {
                await drive.CheckAsync(block.Allocation, cancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (drive, _) in _drives)
        {
            await drive.DisposeAsync();
        }
    }
}
