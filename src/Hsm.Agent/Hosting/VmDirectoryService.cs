using Hsm.Agent.Monitoring;
using Hsm.Agent.Options;
using Microsoft.Extensions.Options;

namespace Hsm.Agent.Hosting;

/// <summary>
/// Rescans the VM directory every <see cref="AgentOptions.VmRescanInterval"/>: a new <c>&lt;vm&gt;.qmp</c>
/// socket starts a <see cref="VmMonitor"/>; a vanished one stops it (its drives are forgotten and
/// pending waits cancelled).
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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.VmRescanInterval, timeProvider);
        try
        {
            do
            {
                await ScanAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            foreach (var name in _running.Keys.ToList())
            {
                await StopAsync(name);
            }
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
    }
}
