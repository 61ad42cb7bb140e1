using Hsm.Agent.Monitoring;
using Hsm.Agent.Options;
using Microsoft.Extensions.Options;

namespace Hsm.Agent.Hosting;

/// <summary>
/// Watches the VM directory (inotify through <see cref="FileSystemWatcher"/>: a socket created, deleted or renamed
/// triggers a scan at once) and rescans it every <see cref="AgentOptions.VmRescanInterval"/> all the same (a
/// missed notification, a directory created after start, a monitor that ended): a new <c>&lt;vm&gt;.qmp</c>
/// socket starts a <see cref="VmMonitor"/>; a vanished one stops it (its drives are forgotten and pending waits
/// cancelled). Nothing changes: no wake-up between rescans.
/// </summary>
internal sealed partial class VmDirectoryService(
    IOptions<AgentOptions> options,
    VmMonitorContext context,
    VmRegistry registry,
    TimeProvider timeProvider,
    ILogger<VmDirectoryService> logger) : BackgroundService
{
    /// <summary>The socket name suffix.</summary>
    public const string SocketSuffix = ".qmp";

    private readonly Dictionary<string, Running> _running = new(StringComparer.Ordinal);
    private readonly CheckSignal _changed = new();
    private volatile bool _watchFailed;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        FileSystemWatcher? watcher = null;
        try
        {
            while (true)
            {
                var changed = _changed.Arm();
                if (watcher is not null && (_watchFailed || !Directory.Exists(options.Value.VmDirectory)))
                {
                    // Overflowed, or the directory went away (it may come back as a new one): watch afresh.
                    watcher.Dispose();
                    watcher = null;
                }

                watcher ??= TryWatch();
                await ScanAsync(stoppingToken);
                await DriveCheckSchedule.SleepAsync(options.Value.VmRescanInterval, changed, timeProvider, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            watcher?.Dispose();
            foreach (var name in _running.Keys.ToList())
            {
                await StopAsync(name);
            }
        }
    }

    /// <summary>A watcher of the directory's sockets, or null when it cannot be watched yet (missing: the rescan finds it later).</summary>
    private FileSystemWatcher? TryWatch()
    {
        var directory = options.Value.VmDirectory;
        if (!Directory.Exists(directory))
        {
            return null;
        }

        FileSystemWatcher? watcher = null;
        try
        {
            watcher = new FileSystemWatcher(directory, "*" + SocketSuffix)
            {
                NotifyFilter = NotifyFilters.FileName,
                IncludeSubdirectories = false,
            };
            watcher.Created += (_, _) => _changed.Set();
            watcher.Deleted += (_, _) => _changed.Set();
            watcher.Renamed += (_, _) => _changed.Set();
            // Overflow or the directory removed: rescan now and watch afresh.
            watcher.Error += (_, _) =>
            {
                _watchFailed = true;
                _changed.Set();
            };
            _watchFailed = false;
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            watcher?.Dispose();
            Log.WatchFailed(logger, directory, ex.Message);
            return null;
        }
    }

    private async Task ScanAsync(CancellationToken cancellationToken)
    {
        var directory = options.Value.VmDirectory;
        var present = Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*" + SocketSuffix).ToDictionary(p => Path.GetFileName(p)[..^SocketSuffix.Length], StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

        foreach (var name in _running.Keys.Where(n => !present.ContainsKey(n)).ToList())
        {
            Log.VmGone(logger, name);
            await StopAsync(name);
        }

        foreach (var (name, path) in present)
        {
            if (_running.TryGetValue(name, out var running))
            {
                if (!running.Task.IsCompleted)
                {
                    continue;
                }

                await StopAsync(name);
            }

            var vm = new VmMonitor(name, path, context);
            var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            registry.Add(vm);
            _running[name] = new Running(vm, stop, Task.Run(() => vm.RunAsync(stop.Token), CancellationToken.None));
            Log.VmFound(logger, name, path);
        }
    }

    private async Task StopAsync(string name)
    {
        if (!_running.Remove(name, out var running))
        {
            return;
        }

        await running.Stop.CancelAsync();
        try
        {
            await running.Task;
        }
        catch (OperationCanceledException)
        {
            // Cancelled.
        }
        catch (Exception ex)
        {
            Log.VmMonitorFailed(logger, name, ex);
        }
        finally
        {
            running.Stop.Dispose();
            registry.Remove(name);
        }
    }

    private sealed record Running(VmMonitor Vm, CancellationTokenSource Stop, Task Task);

    private static partial class Log
    {
        [LoggerMessage(EventId = 5000, EventName = "VmFound", Level = LogLevel.Information, Message = "VM {VmName} found at {SocketPath}")]
        public static partial void VmFound(ILogger logger, string vmName, string socketPath);

        [LoggerMessage(EventId = 5001, EventName = "VmGone", Level = LogLevel.Information, Message = "VM {VmName} is gone; its drives are dropped")]
        public static partial void VmGone(ILogger logger, string vmName);

        [LoggerMessage(EventId = 5002, EventName = "VmMonitorFailed", Level = LogLevel.Error, Message = "VM {VmName}: the monitor failed")]
        public static partial void VmMonitorFailed(ILogger logger, string vmName, Exception exception);

        [LoggerMessage(EventId = 5003, EventName = "VmDirectoryWatchFailed", Level = LogLevel.Warning,
            Message = "Cannot watch the VM directory {Directory} ({Reason}); it is rescanned every VmRescanInterval only")]
        public static partial void WatchFailed(ILogger logger, string directory, string reason);
    }
}
