using System.Globalization;

namespace LvExtend.TestSupport.Coordinator;

/// <summary>
/// The real coordinator, <c>dotnet Spm.Coordinator.dll</c> (next to the test or benchmark assembly: it needs a
/// ProjectReference to src/Spm.Coordinator; or in <see cref="CoordinatorProcessOptions.AppDirectory"/>), as a child process configured from a <see cref="CoordinatorLaunchOptions"/>.
/// Waits for the lines the coordinator prints as it competes, leads and serves; DisposeAsync kills it.
/// </summary>
public sealed class CoordinatorProcess : IAsyncDisposable
{
    /// <summary>What it prints when it takes the lease: <c>Leading with epoch N; ...</c>.</summary>
    public const string LeadingLine = "Leading with epoch ";

    /// <summary>What it prints when its term serves the mailbox.</summary>
    public const string ServingLine = "serving the mailbox";

    /// <summary>What it prints when it starts competing for the lease.</summary>
    public const string CompetingLine = "competes for the lease";

    /// <summary>What it prints when it gives the lease back (graceful stop, step-down): <c>Released the lease of epoch N</c>.</summary>
    public const string ReleasedLine = "Released the lease of epoch";

    private CoordinatorProcess(CoordinatorLaunchOptions options, ManagedProcess process)
    {
        Options = options;
        Process = process;
    }

    /// <summary>What it was started with.</summary>
    public CoordinatorLaunchOptions Options { get; }

    /// <summary>Its instance id (null: the coordinator chose one).</summary>
    public string? InstanceId => Options.InstanceId;

    /// <summary>The loopback URL of its gRPC endpoint (meaningful when <see cref="CoordinatorLaunchOptions.ListenPort"/> was given).</summary>
    public Uri Address => Options.LoopbackAddress;

    /// <summary>The child process (lines, signals, exit).</summary>
    public ManagedProcess Process { get; }

    /// <summary>Starts the coordinator; returns at once (wait for a line next).</summary>
    public static CoordinatorProcess Start(CoordinatorLaunchOptions options, CoordinatorProcessOptions? processOptions = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        processOptions ??= new CoordinatorProcessOptions();
        var environment = new Dictionary<string, string?> { ["LVM_SUPPRESS_FD_WARNINGS"] = "1" };
        if (processOptions.Channel == CoordinatorConfigurationChannel.Environment)
        {
            foreach (var (key, value) in options.ToEnvironment())
            {
                environment[key] = value;
            }
        }

        foreach (var (key, value) in processOptions.Environment ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        var process = DotnetApp.Start(
            "Spm.Coordinator",
            [.. processOptions.Channel == CoordinatorConfigurationChannel.Arguments ? options.ToArguments() : [], .. processOptions.Arguments],
            new ManagedProcessOptions
            {
                Environment = environment,
                Output = processOptions.Output,
                Name = processOptions.Name ?? options.InstanceId ?? "coordinator",
            },
            processOptions.AppDirectory);
        return new CoordinatorProcess(options, process);
    }

    /// <summary>Starts one and waits until it leads and serves the mailbox; kills it if it does not.</summary>
    public static async Task<CoordinatorProcess> StartLeaderAsync(
        CoordinatorLaunchOptions options, TimeSpan timeout, CoordinatorProcessOptions? processOptions = null, CancellationToken cancellationToken = default)
    {
        var coordinator = Start(options, processOptions);
        try
        {
            await coordinator.WaitForServingAsync(timeout, cancellationToken: cancellationToken).ConfigureAwait(false);
            return coordinator;
        }
        catch
        {
            await coordinator.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Waits for "Leading with epoch N" at or after line <paramref name="fromLine"/>; returns N.</summary>
    public async Task<long> WaitForLeadershipAsync(TimeSpan timeout, int fromLine = 0, CancellationToken cancellationToken = default)
    {
        var line = await Process.WaitForLineAsync(LeadingLine, timeout, fromLine, cancellationToken).ConfigureAwait(false);
        var text = line[(line.IndexOf(LeadingLine, StringComparison.Ordinal) + LeadingLine.Length)..];
        var end = text.IndexOf(';', StringComparison.Ordinal);
        return long.Parse(end < 0 ? text : text[..end], CultureInfo.InvariantCulture);
    }

    /// <summary>Waits until its term serves the mailbox (at or after line <paramref name="fromLine"/>).</summary>
    public Task WaitForServingAsync(TimeSpan timeout, int fromLine = 0, CancellationToken cancellationToken = default) =>
        Process.WaitForLineAsync(ServingLine, timeout, fromLine, cancellationToken);

    /// <summary>Waits until it competes for the lease (at or after line <paramref name="fromLine"/>).</summary>
    public Task WaitForCompetingAsync(TimeSpan timeout, int fromLine = 0, CancellationToken cancellationToken = default) =>
        Process.WaitForLineAsync(CompetingLine, timeout, fromLine, cancellationToken);

    /// <summary>SIGTERM, then waits at most <paramref name="timeout"/> for it to exit; returns the exit code, null if it did not exit.</summary>
    public async Task<int?> StopAsync(TimeSpan timeout)
    {
        if (Process.HasExited)
        {
            return Process.ExitCode;
        }

        Process.Signal(ProcessSignal.Terminate);
        try
        {
            return await Process.WaitForExitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    /// <summary>Kills it (the whole process tree) if still running.</summary>
    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
