using System.Collections.Concurrent;
using System.Threading.Channels;
using Hsm.Agent.Activation;
using Hsm.Agent.Extension;
using Hsm.Agent.Hosting;
using Hsm.Agent.Libvirt.Interop;
using Hsm.Agent.Monitoring;
using Hsm.Agent.Options;
using Microsoft.Extensions.Options;

namespace Hsm.Agent.Libvirt;

/// <summary>
/// The libvirt VM source: keeps one connection to <see cref="LibvirtOptions.Uri"/> (reconnecting with
/// capped exponential backoff while libvirtd is away), discovers running domains and their pool drives,
/// follows lifecycle events, routes BLOCK_THRESHOLD and IO_ERROR_REASON to the drive monitors, and runs
/// the periodic fallback check with one <c>virConnectGetAllDomainStats</c> call for all domains. All
/// domain bookkeeping happens on this service's single loop; native callbacks only post events.
/// </summary>
internal sealed partial class LibvirtVmSource(
    IOptions<LibvirtOptions> options,
    VmMonitorContext context,
    VmRegistry registry,
    ILogger<LibvirtVmSource> logger) : BackgroundService
{
    // Written only by the source's loop; read by the policy-change callback too.
    private readonly ConcurrentDictionary<string, LibvirtDomainMonitor> _domains = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);
    private volatile LibvirtConnection? _connection;
    private volatile string? _lastError = "not connected yet";

    /// <summary>Whether a connection is up (the health check's answer).</summary>
    public bool IsConnected => _connection is { } connection && connection.IsAlive;

    /// <summary>Why there is no connection, if there is none.</summary>
    public string? LastError => _lastError;

    public string Uri => options.Value.Uri;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var failures = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var events = Channel.CreateBounded<LibvirtEvent>(new BoundedChannelOptions(4096)
                {
                    FullMode = BoundedChannelFullMode.Wait,
                    SingleReader = true,
                    SingleWriter = true,
                });
                LibvirtConnection connection;
                try
                {
                    connection = LibvirtConnection.Open(settings.Uri, settings.KeepAliveInterval, settings.KeepAliveCount, events.Writer);
                }
                catch (LibvirtException ex)
                {
                    failures++;
                    _lastError = ex.Message;
                    var delay = RetryBackoff.Delay(failures, settings.ReconnectInitialDelay, settings.ReconnectMaxDelay);
                    if (failures == 1 || (failures % 10) == 0)
                    {
                        Log.ConnectFailed(logger, settings.Uri, ex.Message, failures, delay.TotalSeconds);
                    }

                    await Task.Delay(delay, context.TimeProvider, stoppingToken);
                    continue;
                }

                failures = 0;
                _lastError = null;
                _connection = connection;
                Log.Connected(logger, settings.Uri);
                string reason;
                try
                {
                    reason = await RunConnectedAsync(connection, events.Reader, stoppingToken);
                }
                catch (LibvirtException ex)
                {
                    reason = ex.Message;
                }
                finally
                {
                    _connection = null;
                    connection.Dispose();
                }

                _lastError = reason;
                foreach (var domain in _domains.Values)
                {
                    domain.OnConnection(false, $"libvirt connection lost: {reason}");
                }

                if (!stoppingToken.IsCancellationRequested)
                {
                    Log.ConnectionLost(logger, settings.Uri, reason);
                    await Task.Delay(settings.ReconnectInitialDelay, context.TimeProvider, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            foreach (var uuid in _domains.Keys.ToList())
            {
                await RemoveAsync(uuid);
            }
        }
    }

    /// <summary>Runs until the connection closes (returns why) or the service stops.</summary>
    private async Task<string> RunConnectedAsync(LibvirtConnection connection, ChannelReader<LibvirtEvent> events, CancellationToken cancellationToken)
    {
        await SyncAsync(connection, cancellationToken);
        await CheckAllAsync(connection, cancellationToken);
        var period = context.Policy.CurrentValue.CheckInterval;
        using var timer = new PeriodicTimer(period, context.TimeProvider);
        using var policyChange = context.Policy.OnChange((_, _) =>
        {
            foreach (var drive in _domains.Values.SelectMany(d => d.Drives))
            {
                drive.OnPolicyChanged();
            }
        });
        var tick = timer.WaitForNextTickAsync(cancellationToken).AsTask();
        var read = events.WaitToReadAsync(cancellationToken).AsTask();
        while (true)
        {
            var done = await Task.WhenAny(tick, read);
            if (done == read)
            {
                if (!await read)
                {
                    return "the event channel completed";
                }

                while (events.TryRead(out var libvirtEvent))
                {
                    if (libvirtEvent.Kind == LibvirtEventKind.ConnectionClosed)
                    {
                        return $"closed by libvirt (reason {libvirtEvent.Code})";
                    }

                    try
                    {
                        await HandleAsync(connection, libvirtEvent, cancellationToken);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException and not LibvirtException)
                    {
                        // One VM's odd event must not stop the source for all the others.
                        Log.EventFailed(logger, libvirtEvent.DomainName, libvirtEvent.Kind, ex);
                    }
                }

                read = events.WaitToReadAsync(cancellationToken).AsTask();
                continue;
            }

            await tick;
            if (!connection.IsAlive)
            {
                return "the connection is not alive";
            }

            await CheckAllAsync(connection, cancellationToken);
            var current = context.Policy.CurrentValue.CheckInterval;
            if (current != period)
            {
                period = current;
                timer.Period = current;
            }

            tick = timer.WaitForNextTickAsync(cancellationToken).AsTask();
        }
    }

    /// <summary>Brings the domain table in line with the running domains (at connect and reconnect).</summary>
    private async Task SyncAsync(LibvirtConnection connection, CancellationToken cancellationToken)
    {
        var running = connection.ListActiveDomains();
        var stats = connection.GetAllBlockStats();
        foreach (var uuid in _domains.Keys.Where(u => running.All(r => r.Uuid != u)).ToList())
        {
            Log.DomainGone(logger, _domains[uuid].Name);
            await RemoveAsync(uuid);
        }

        foreach (var (uuid, name) in running)
        {
            if (_domains.TryGetValue(uuid, out var existing))
            {
                existing.OnConnection(true, null);
                ReadState(connection, existing);
                continue;
            }

            await AddAsync(connection, uuid, name, stats.FirstOrDefault(s => s.Uuid == uuid), cancellationToken);
        }
    }

    private async Task HandleAsync(LibvirtConnection connection, LibvirtEvent e, CancellationToken cancellationToken)
    {
        _domains.TryGetValue(e.DomainUuid, out var domain);
        switch (e.Kind)
        {
            case LibvirtEventKind.Lifecycle when e.Code == LibvirtConstants.LifecycleStarted:
                if (domain is null)
                {
                    var stats = SafeStats(connection).FirstOrDefault(s => s.Uuid == e.DomainUuid);
                    await AddAsync(connection, e.DomainUuid, e.DomainName, stats, cancellationToken);
                }

                break;
            case LibvirtEventKind.Lifecycle when e.Code == LibvirtConstants.LifecycleStopped:
                if (domain is not null)
                {
                    Log.DomainStopped(logger, e.DomainName, e.Detail);
                    await RemoveAsync(e.DomainUuid);
                }

                break;
            case LibvirtEventKind.Lifecycle:
                domain?.OnLifecycle(e.Code, e.Detail);
                break;
            case LibvirtEventKind.BlockThreshold:
                Log.ThresholdEvent(logger, e.DomainName, e.Device ?? "?", e.Threshold, e.Excess);
                if (domain is null || !domain.OnBlockThreshold(e.Device ?? string.Empty, e.Threshold, e.Excess))
                {
                    Log.UnknownDriveEvent(logger, e.DomainName, "BLOCK_THRESHOLD", e.Device ?? e.Path ?? "?");
                }

                break;
            case LibvirtEventKind.IoErrorReason:
                Log.IoError(logger, e.DomainName, e.Path ?? "?", e.Device ?? "?", e.Code, e.Reason ?? string.Empty);
                if (domain is null || !domain.OnIoError(e.Path, e.Device, e.Code, e.Reason))
                {
                    Log.UnknownDriveEvent(logger, e.DomainName, "IO_ERROR_REASON", e.Path ?? e.Device ?? "?");
                }

                break;
            default:
                break;
        }
    }

    private async Task CheckAllAsync(LibvirtConnection connection, CancellationToken cancellationToken)
    {
        if (!_domains.Values.Any(d => d.Drives.Any()))
        {
            return;
        }

        foreach (var stats in connection.GetAllBlockStats())
        {
            if (_domains.TryGetValue(stats.Uuid, out var domain))
            {
                try
                {
                    await domain.CheckAsync(stats, cancellationToken);
                }
                catch (Exception ex) when (ex is VmControlException or VolumeActivationException)
                {
                    Log.CheckFailed(logger, domain.Name, ex.Message);
                }
            }
        }
    }

    private async Task AddAsync(LibvirtConnection connection, string uuid, string name, LibvirtDomainStats? stats, CancellationToken cancellationToken)
    {
        string xml;
        try
        {
            xml = connection.GetXml(uuid);
        }
        catch (LibvirtException ex)
        {
            // Gone between the event and the call, or not readable: the next start event or reconnect tries again.
            Log.DomainUnreadable(logger, name, ex.Message);
            return;
        }

        var disks = LibvirtDomainXml.TryParseDisks(xml);
        if (disks is null)
        {
            Log.DomainUnreadable(logger, name, "its XML does not parse");
            return;
        }

        var control = new LibvirtVmControl(name, uuid, () => _connection);
        var drives = new List<(DriveMonitor, LibvirtDisk)>();
        foreach (var disk in disks)
        {
            if (await TryCreateDriveAsync(name, uuid, disk, stats, control, cancellationToken) is { } drive)
            {
                drives.Add((drive, disk));
            }
        }

        if (drives.Count == 0 && _reported.Add(uuid))
        {
            var blockDisks = disks.Count(d => d.Type == "block");
            Log.NoPoolDrive(logger, name, blockDisks);
        }

        var domain = new LibvirtDomainMonitor(uuid, name, connection.Uri, drives, context.Instruments);
        _domains[uuid] = domain;
        registry.Add(domain);
        Log.DomainFound(logger, name, uuid, drives.Count);
        ReadState(connection, domain);
    }

    private async Task<DriveMonitor?> TryCreateDriveAsync(
        string name, string uuid, LibvirtDisk disk, LibvirtDomainStats? stats, IVmControl control, CancellationToken cancellationToken)
    {
        if (disk.Device != "disk" || disk.ReadOnly)
        {
            return null;
        }

        var volume = context.Mapper.TryMap(disk.SourcePath);
        if (disk.Type != "block" || !string.Equals(disk.Format, "qcow2", StringComparison.Ordinal) || volume is null)
        {
            if (_reported.Add($"{uuid}/{disk.Target}"))
            {
                Log.NotPoolDrive(logger, name, disk.Target, disk.Type, disk.Format, disk.SourcePath);
            }

            return null;
        }

        long physical;
        try
        {
            physical = await context.Extender.Activator.GetSizeAsync(volume.VolumeGroup, volume.LogicalVolume, cancellationToken);
        }
        catch (VolumeActivationException ex)
        {
            Log.DriveSizeUnknown(logger, name, disk.SourcePath, ex.Message);
            return null;
        }

        var capacity = stats?.Blocks.FirstOrDefault(b => b.Target == disk.Target)?.Capacity ?? 0;
        var identity = new DriveIdentity(name, disk.Target, disk.Target, disk.ThresholdTarget, disk.SourcePath, volume);
        Log.DriveFound(logger, name, disk.Target, disk.SourcePath, disk.ThresholdTarget, physical, capacity);
        return new DriveMonitor(identity, capacity, physical, control, context.Extender, context.Policy, context.Latency,
            context.TimeProvider, context.Instruments, context.LoggerFactory.CreateLogger<DriveMonitor>());
    }

    private void ReadState(LibvirtConnection connection, LibvirtDomainMonitor domain)
    {
        try
        {
            domain.OnState(connection.GetState(domain.Uuid));
        }
        catch (LibvirtException ex)
        {
            Log.DomainUnreadable(logger, domain.Name, ex.Message);
        }
    }

    private IReadOnlyList<LibvirtDomainStats> SafeStats(LibvirtConnection connection)
    {
        try
        {
            return connection.GetAllBlockStats();
        }
        catch (LibvirtException ex)
        {
            Log.CheckFailed(logger, "*", ex.Message);
            return [];
        }
    }

    private async Task RemoveAsync(string uuid)
    {
        if (!_domains.TryRemove(uuid, out var domain))
        {
            return;
        }

        registry.Remove(domain);
        _reported.RemoveWhere(k => k.StartsWith(uuid, StringComparison.Ordinal));
        await domain.DisposeAsync();
    }
}
