using System.Net.Sockets;
using Hsm.Agent.Activation;
using Hsm.Agent.Options;
using Hsm.Agent.Qmp;

namespace Hsm.Agent.Monitoring;

/// <summary>
/// Watches one VM through its QMP socket: discovers the pool drives, runs a <see cref="DriveMonitor"/>
/// per drive, has a <see cref="QmpEventDispatcher"/> per connection route BLOCK_WRITE_THRESHOLD /
/// BLOCK_IO_ERROR to them and STOP / RESUME to the VM's <see cref="VmRunState"/>, and runs the periodic
/// fallback check (query-blockstats) when a drive needs it (<see cref="DriveCheckSchedule"/>): threshold events
/// are the primary signal, so an idle VM whose thresholds are armed is queried only at the safety re-check and
/// its loop sleeps in between. Reconnects while the socket file exists (the VM restarted); the
/// owner cancels it when the socket disappears.
/// </summary>
internal sealed partial class VmMonitor : IMonitoredVm
{
    private readonly VmMonitorContext _context;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly VmRunState _run = new();
    private readonly CheckSignal _checkNeeded = new();
    private List<DriveMonitor> _drives = [];
    private VmConnectionState _connection = VmConnectionState.Connecting;
    private string? _lastError;

    public VmMonitor(string name, string socketPath, VmMonitorContext context)
    {
        Name = name;
        SocketPath = socketPath;
        _context = context;
        _logger = context.LoggerFactory.CreateLogger<VmMonitor>();
    }

    public string Name { get; }

    public string SocketPath { get; }

    public VmStatus Snapshot()
    {
        List<DriveMonitor> drives;
        lock (_lock)
        {
            drives = _drives;
        }

        var driveStatus = drives.Select(d => d.Snapshot()).ToList();
        var run = _run.Snapshot();
        lock (_lock)
        {
            return new VmStatus(Name, SocketPath, VmSourceKind.QmpDirectory, _connection, run.RunStatus, run.PausedOnNoSpace, run.Pauses, run.Resumes,
                _lastError, driveStatus);
        }
    }

    /// <summary>Runs until cancelled, reconnecting after the VM restarts.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var options = _context.Options;
        while (!cancellationToken.IsCancellationRequested)
        {
            QmpClient client;
            try
            {
                client = await QmpClient.ConnectAsync(SocketPath, options.QmpCommandTimeout, _context.TimeProvider,
                    _context.LoggerFactory.CreateLogger<QmpClient>(), cancellationToken);
            }
            catch (Exception ex) when (ex is SocketException or QmpException or IOException or TimeoutException)
            {
                SetConnection(VmConnectionState.Disconnected, ex.Message);
                Log.ConnectFailed(_logger, Name, ex.Message);
                await DelayAsync(options.QmpReconnectDelay, cancellationToken);
                continue;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            await using (client)
            {
                try
                {
                    await RunConnectedAsync(client, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Dropped.
                }
                catch (QmpException ex)
                {
                    SetConnection(VmConnectionState.Disconnected, ex.Message);
                    Log.ConnectionLost(_logger, Name, ex.Message);
                }
                finally
                {
                    await DropDrivesAsync();
                }
            }

            if (!cancellationToken.IsCancellationRequested)
            {
                SetConnection(VmConnectionState.Connecting, null);
                await DelayAsync(options.QmpReconnectDelay, cancellationToken);
            }
        }
    }

    private async Task RunConnectedAsync(QmpClient client, CancellationToken cancellationToken)
    {
        var control = new QmpVmControl(Name, client);
        var drives = await DiscoverDrivesAsync(client, control, cancellationToken);
        var status = await client.QueryStatusAsync(cancellationToken);
        _run.Connected(status.Status, status.IsIoError);
        lock (_lock)
        {
            _drives = drives;
            _connection = VmConnectionState.Connected;
            _lastError = null;
        }

        Log.Connected(_logger, Name, drives.Count, status.Status);
        using var policyChange = _context.Policy.OnChange((_, _) => drives.ForEach(d => d.OnPolicyChanged()));
        await CheckOnceAsync(client, drives, cancellationToken);
        if (status.IsIoError)
        {
            // Stopped on ENOSPC before we connected (agent restart): extend at once.
            drives.ForEach(d => d.OnNoSpace());
        }
        else if (_context.Options.ResumePrelaunchedVms && status.Status == QmpVmStatus.Prelaunch)
        {
            await client.ContAsync(cancellationToken);
            Log.PrelaunchResumed(_logger, Name);
        }

        using var connected = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var dispatcher = new QmpEventDispatcher(Name, drives, _run, _context.Instruments, _logger, _checkNeeded);
        var events = dispatcher.PumpAsync(client.Events, connected.Token);
        var checks = CheckLoopAsync(client, drives, connected.Token);
        var first = await Task.WhenAny(events, checks);
        await connected.CancelAsync();
        try
        {
            await Task.WhenAll(events, checks);
        }
        catch (OperationCanceledException) when (connected.IsCancellationRequested)
        {
            // The other loop ended.
        }

        await first;
        await client.Closed.WaitAsync(cancellationToken);
        throw new QmpConnectionClosedException($"QMP connection {SocketPath} closed");
    }

    private async Task<List<DriveMonitor>> DiscoverDrivesAsync(QmpClient client, IVmControl control, CancellationToken cancellationToken)
    {
        var devices = await client.QueryBlockAsync(cancellationToken);
        var stats = await client.QueryBlockStatsAsync(cancellationToken);
        var nodes = await client.QueryNamedNodesAsync(cancellationToken);
        var drives = new List<DriveMonitor>();
        foreach (var device in devices)
        {
            if (device.ReadOnly || !string.Equals(device.Driver, "qcow2", StringComparison.Ordinal) || device.FormatNode.Length == 0)
            {
                continue;
            }

            var protocolNode = stats.FirstOrDefault(s => s.FormatNode == device.FormatNode)?.ProtocolNode;
            if (string.IsNullOrEmpty(protocolNode))
            {
                Log.NoProtocolNode(_logger, Name, device.FormatNode);
                continue;
            }

            var path = nodes.TryGetValue(protocolNode, out var node) && node.FileName.Length > 0 ? node.FileName : device.FileName;
            if (_context.Mapper.TryMap(path) is not { } volume)
            {
                Log.NotPoolDrive(_logger, Name, device.FormatNode, path);
                continue;
            }

            long physical;
            try
            {
                physical = await _context.Extender.Activator.GetSizeAsync(volume.VolumeGroup, volume.LogicalVolume, cancellationToken);
            }
            catch (VolumeActivationException ex)
            {
                Log.DriveSizeUnknown(_logger, Name, path, ex.Message);
                continue;
            }

            var driveName = device.Device.Length > 0 ? device.Device : device.Qdev ?? device.FormatNode;
            var identity = new DriveIdentity(Name, driveName, device.FormatNode, protocolNode, path, volume);
            drives.Add(new DriveMonitor(identity, device.VirtualSize, physical, control, _context.Extender, _context.Policy, _context.Latency,
                _context.TimeProvider, _context.Instruments, _context.LoggerFactory.CreateLogger<DriveMonitor>())
            {
                CheckNeeded = _checkNeeded,
            });
            Log.DriveFound(_logger, Name, driveName, path, protocolNode, physical, device.VirtualSize);
        }

        return drives;
    }

    /// <summary>
    /// Sleeps until a drive is due (<see cref="DriveCheckSchedule"/>) or one starts needing the frequent check,
    /// then queries once for all the drives: nothing to check, no query and no wake-up.
    /// </summary>
    private async Task CheckLoopAsync(QmpClient client, List<DriveMonitor> drives, CancellationToken cancellationToken)
    {
        var time = _context.TimeProvider;
        var lastCheck = time.GetUtcNow();
        while (true)
        {
            var wake = _checkNeeded.Arm();
            var next = DriveCheckSchedule.Next(drives, _context.Policy.CurrentValue, lastCheck, _run.Snapshot().PausedOnNoSpace);
            var now = time.GetUtcNow();
            if (next > now)
            {
                await DriveCheckSchedule.SleepAsync(next - now, wake, time, cancellationToken);
                continue;
            }

            lastCheck = now;
            await CheckOnceAsync(client, drives, cancellationToken);
        }
    }

    private static async Task CheckOnceAsync(QmpClient client, List<DriveMonitor> drives, CancellationToken cancellationToken)
    {
        if (drives.Count == 0)
        {
            return;
        }

        var stats = await client.QueryBlockStatsAsync(cancellationToken);
        foreach (var drive in drives)
        {
            var stat = stats.FirstOrDefault(s => s.ProtocolNode == drive.Drive.ProtocolNode);
            if (stat is not null)
            {
                await drive.CheckAsync(stat.ProtocolHighestOffset, cancellationToken);
            }
        }
    }

    private async Task DropDrivesAsync()
    {
        List<DriveMonitor> drives;
        lock (_lock)
        {
            drives = _drives;
            _drives = [];
        }

        foreach (var drive in drives)
        {
            await drive.DisposeAsync();
        }
    }

    private void SetConnection(VmConnectionState state, string? error)
    {
        lock (_lock)
        {
            _connection = state;
            _lastError = error ?? _lastError;
        }
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _context.TimeProvider, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Dropped while waiting.
        }
    }
}
