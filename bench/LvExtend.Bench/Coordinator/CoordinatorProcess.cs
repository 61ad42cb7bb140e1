using System.Globalization;
using System.Net;
using System.Net.Sockets;
using LvExtend.Bench.Measurement;
using LvExtend.TestSupport;

namespace LvExtend.Bench.Coordinator;

/// <summary>
/// The real coordinator (Spm.Coordinator.dll from this program's folder) as a child process, configured through
/// its environment (the keys of docs/coordinator.md). Ready when it serves the mailbox as the leader. Its pid is
/// written to <c>coordinator.pid</c> so that scripts/bench.sh can end it if this program dies.
/// </summary>
internal sealed class CoordinatorProcess : IAsyncDisposable
{
    /// <summary>What the coordinator prints when its term serves the mailbox.</summary>
    public const string ServingLine = "serving the mailbox";

    /// <summary>What it prints when it starts competing for the lease.</summary>
    public const string CompetingLine = "competes for the lease";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);
    private readonly ManagedProcess _process;
    private readonly string _pidFile;
    private readonly string _logFile;

    private CoordinatorProcess(ManagedProcess process, string pidFile, string logFile)
    {
        _process = process;
        _pidFile = pidFile;
        _logFile = logFile;
    }

    /// <summary>The coordinator's pid.</summary>
    public int Pid => _process.Id;

    /// <summary>Where its output is written when it stops.</summary>
    public string LogFile => _logFile;

    /// <summary>
    /// Starts it and waits until it leads and serves the mailbox, or (<paramref name="standby"/>) until it competes
    /// for the lease (another coordinator leads).
    /// </summary>
    public static async Task<CoordinatorProcess> StartAsync(CoordinatorLaunch launch, CancellationToken cancellationToken, bool standby = false)
    {
        ArgumentNullException.ThrowIfNull(launch);
        var environment = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Postgres"] = launch.ConnectionString,
            ["Coordinator__PoolId"] = launch.PoolId,
            ["Coordinator__InstanceId"] = launch.Instance ?? $"bench-{launch.Timing.Name}",
            ["Coordinator__Listen"] = $"http://127.0.0.1:{FreePort()}",
            ["Coordinator__Telemetry__MetricsListen"] = "",
            ["Coordinator__Mailbox__InboxPath"] = launch.InboxPath,
            ["Coordinator__Mailbox__OutboxPath"] = launch.OutboxPath,
            ["Coordinator__Mailbox__MaxHosts"] = launch.MaxHosts.ToString(CultureInfo.InvariantCulture),
            ["Coordinator__Mailbox__EventInterval"] = launch.Timing.EventInterval.ToString("c", CultureInfo.InvariantCulture),
            ["Coordinator__Mailbox__FullScanInterval"] = launch.Timing.FullScanInterval.ToString("c", CultureInfo.InvariantCulture),
            ["Coordinator__Mailbox__IoMode"] = "Direct",
            ["Coordinator__Domains__0__DomainId"] = launch.DomainId.ToString(),
            ["Coordinator__Domains__0__VgName"] = launch.VgName,
            ["DOTNET_gcServer"] = null,
        };
        for (var i = 0; i < launch.Devices.Count; i++)
        {
            environment[$"Coordinator__Domains__0__PhysicalVolumes__{i}"] = launch.Devices[i];
        }

        foreach (var (key, value) in launch.Settings ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        var process = DotnetApp.Start("Spm.Coordinator", [], new ManagedProcessOptions
        {
            Environment = environment,
            Name = $"coordinator-{launch.Instance ?? launch.Timing.Name}",
        });
        Directory.CreateDirectory(launch.RunDirectory);
        var pidFile = Path.Combine(launch.RunDirectory, "coordinator.pid");
        var coordinator = new CoordinatorProcess(process, pidFile, Path.Combine(launch.RunDirectory, "coordinator.log"));
        try
        {
            await File.WriteAllTextAsync(pidFile, process.Id.ToString(CultureInfo.InvariantCulture), cancellationToken);
            await process.WaitForLineAsync(standby ? CompetingLine : ServingLine, ReadyTimeout, cancellationToken: cancellationToken);
            return coordinator;
        }
        catch
        {
            await coordinator.DisposeAsync();
            throw;
        }
    }

    /// <summary>Its CPU times and memory now.</summary>
    public ProcessStats Sample() => ProcessStats.Read(_process.Id);

    /// <summary>Lines it printed that look like warnings or errors (for the report).</summary>
    public IReadOnlyList<string> Problems() =>
        [.. _process.Lines.Where(l => l.Contains(" warn: ", StringComparison.Ordinal) || l.Contains(" fail: ", StringComparison.Ordinal)
            || l.Contains(" crit: ", StringComparison.Ordinal))];

    /// <summary>SIGKILL: the crash of the failover phase (its lvm children, if any, run on to their end).</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Signal(ProcessSignal.Kill);
        }
    }

    /// <summary>Waits for a line containing <paramref name="text"/> printed from line <paramref name="fromLine"/> on.</summary>
    public Task<string> WaitForLineAsync(string text, TimeSpan timeout, int fromLine, CancellationToken cancellationToken) =>
        _process.WaitForLineAsync(text, timeout, fromLine, cancellationToken);

    /// <summary>Lines printed so far.</summary>
    public int LineCount => _process.LineCount;

    /// <summary>SIGTERM, then waits for a clean exit; DisposeAsync kills it if it does not.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        _process.Signal(ProcessSignal.Terminate);
        try
        {
            await _process.WaitForExitAsync(StopTimeout);
        }
        catch (TimeoutException)
        {
            // DisposeAsync kills it.
        }
    }

    /// <summary>Kills it if still running, writes its output to <see cref="LogFile"/>, removes the pid file.</summary>
    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try
        {
            await File.WriteAllLinesAsync(_logFile, _process.Lines);
            File.Delete(_pidFile);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
