using System.Globalization;
using LvExtend.Bench.Measurement;
using LvExtend.TestSupport;
using LvExtend.TestSupport.Coordinator;
using Launched = LvExtend.TestSupport.Coordinator.CoordinatorProcess;

namespace LvExtend.Bench.Coordinator;

/// <summary>
/// The real coordinator (Spm.Coordinator.dll from <see cref="CoordinatorLaunch.AppDirectory"/>: scripts/bench.sh
/// gives its ReadyToRun publish output; else from this program's folder) as a child process, started by the tests'
/// launcher (LvExtend.TestSupport's <see cref="Launched"/>, configured through its environment from
/// <see cref="CoordinatorLaunch.ToLaunchOptions"/>). Ready when it serves the mailbox as the leader. Its pid is
/// written to <c>coordinator.pid</c> so that scripts/bench.sh can end it if this program dies.
/// </summary>
internal sealed class CoordinatorProcess : IAsyncDisposable
{
    /// <summary>What the coordinator prints when its term serves the mailbox.</summary>
    public const string ServingLine = Launched.ServingLine;

    /// <summary>What the coordinator prints when it has taken the lease ("Leading with epoch N").</summary>
    public const string LeadingLine = Launched.LeadingLine;

    /// <summary>What the coordinator prints when it gives the lease back.</summary>
    public const string ReleasedLine = Launched.ReleasedLine;

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);
    private readonly Launched _launched;
    private readonly string _pidFile;
    private readonly string _logFile;

    private CoordinatorProcess(Launched launched, string pidFile, string logFile, Uri address)
    {
        _launched = launched;
        _pidFile = pidFile;
        _logFile = logFile;
        Address = address;
    }

    /// <summary>Its gRPC endpoint on the loopback (health, admin).</summary>
    public Uri Address { get; }

    /// <summary>The coordinator's pid.</summary>
    public int Pid => Process.Id;

    /// <summary>Where its output is written when it stops.</summary>
    public string LogFile => _logFile;

    private ManagedProcess Process => _launched.Process;

    /// <summary>
    /// Starts it and waits until it leads and serves the mailbox, or (<paramref name="standby"/>) until it competes
    /// for the lease (another coordinator leads). <paramref name="environment"/>: variables added to its environment.
    /// </summary>
    public static async Task<CoordinatorProcess> StartAsync(
        CoordinatorLaunch launch, CancellationToken cancellationToken, bool standby = false, IReadOnlyDictionary<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(launch);
        var variables = new Dictionary<string, string?> { ["DOTNET_gcServer"] = null };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            variables[key] = value;
        }

        var options = launch.ToLaunchOptions();
        var launched = Launched.Start(options, new CoordinatorProcessOptions
        {
            Name = $"coordinator-{launch.Instance ?? launch.Timing.Name}",
            Channel = CoordinatorConfigurationChannel.Environment,
            Environment = variables,
            AppDirectory = launch.AppDirectory,
        });
        Directory.CreateDirectory(launch.RunDirectory);
        var pidFile = Path.Combine(launch.RunDirectory, "coordinator.pid");
        var coordinator = new CoordinatorProcess(launched, pidFile, Path.Combine(launch.RunDirectory, "coordinator.log"), options.LoopbackAddress);
        try
        {
            await File.WriteAllTextAsync(pidFile, launched.Process.Id.ToString(CultureInfo.InvariantCulture), cancellationToken);
            await (standby
                ? launched.WaitForCompetingAsync(ReadyTimeout, cancellationToken: cancellationToken)
                : launched.WaitForServingAsync(ReadyTimeout, cancellationToken: cancellationToken));
            return coordinator;
        }
        catch
        {
            await coordinator.DisposeAsync();
            throw;
        }
    }

    /// <summary>Its CPU times and memory now.</summary>
    public ProcessStats Sample() => ProcessStats.Read(Process.Id);

    /// <summary>Lines it printed that look like warnings or errors (for the report).</summary>
    public IReadOnlyList<string> Problems() =>
        [.. Process.Lines.Where(l => l.Contains(" warn: ", StringComparison.Ordinal) || l.Contains(" fail: ", StringComparison.Ordinal)
            || l.Contains(" crit: ", StringComparison.Ordinal))];

    /// <summary>SIGKILL: the crash of the failover phase (its lvm children, if any, run on to their end).</summary>
    public void Kill()
    {
        if (!Process.HasExited)
        {
            Process.Signal(ProcessSignal.Kill);
        }
    }

    /// <summary>Waits for a line containing <paramref name="text"/> printed from line <paramref name="fromLine"/> on.</summary>
    public Task<string> WaitForLineAsync(string text, TimeSpan timeout, int fromLine, CancellationToken cancellationToken) =>
        Process.WaitForLineAsync(text, timeout, fromLine, cancellationToken);

    /// <summary>Lines printed so far.</summary>
    public int LineCount => Process.LineCount;

    /// <summary>SIGTERM, then waits for a clean exit; DisposeAsync kills it if it does not.</summary>
    public Task StopAsync() => _launched.StopAsync(StopTimeout);

    /// <summary>Kills it if still running, writes its output to <see cref="LogFile"/>, removes the pid file.</summary>
    public async ValueTask DisposeAsync()
    {
        await _launched.DisposeAsync();
        try
        {
            await File.WriteAllLinesAsync(_logFile, Process.Lines);
            File.Delete(_pidFile);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
