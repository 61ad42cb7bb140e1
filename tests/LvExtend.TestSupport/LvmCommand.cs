using LvExtend.Lvm;

namespace LvExtend.TestSupport;

/// <summary>
/// Runs lvm2 commands for tests through the shared library (<see cref="LvmCommandLine"/>, <see cref="CommandRunner"/>):
/// restricted to given PVs (<c>--devices</c>), no device-mapper (<c>--driverloaded n</c>), <c>LC_ALL=C</c>,
/// <c>LVM_SUPPRESS_FD_WARNINGS=1</c>. Adds only what tests need: a dependency check and throwing forms.
/// </summary>
public static class LvmCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>The runner every test lvm command goes through.</summary>
    public static ICommandRunner Runner { get; } = new CommandRunner(TimeProvider.System);

    /// <summary>The library's lvm client over <see cref="Runner"/> (typed reports).</summary>
    public static LvmTool Tool { get; } = new(Runner, new LvmToolOptions { ReportTimeout = Timeout });

    /// <summary>Fails the test (via <see cref="RequiredDependency"/>) unless running as root with lvm2 installed.</summary>
    public static void RequireLvm()
    {
        RequiredDependency.RequireRoot("LVM on loop devices");
        RequiredDependency.RequireCommand("lvm", "lvm2");
        RequiredDependency.RequireCommand("losetup", "util-linux");
    }

    /// <summary>Runs <c>lvm <paramref name="command"/> --devices D1,D2 --driverloaded n args...</c> and throws on failure.</summary>
    public static CommandResult Run(string command, IReadOnlyList<string> devices, params string[] arguments) =>
        EnsureSucceeded(RunAsync(LvmCommandLine.Create(command, devices, DeviceMapperUse.NotUsed, arguments), CancellationToken.None)
            .GetAwaiter().GetResult());

    /// <summary>Like <see cref="Run"/> but returns the result whatever the exit code.</summary>
    public static CommandResult TryRun(string command, IReadOnlyList<string> devices, params string[] arguments) =>
        RunAsync(LvmCommandLine.Create(command, devices, DeviceMapperUse.NotUsed, arguments), CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Async form of <see cref="Run"/>.</summary>
    public static async Task<CommandResult> RunAsync(
        string command, IReadOnlyList<string> devices, IEnumerable<string> arguments, CancellationToken cancellationToken = default) =>
        EnsureSucceeded(await RunAsync(LvmCommandLine.Create(command, devices, DeviceMapperUse.NotUsed, arguments), cancellationToken).ConfigureAwait(false));

    /// <summary>Runs a library-built command line (killed after two minutes) and returns its result.</summary>
    public static Task<CommandResult> RunAsync(LvmCommandLine command, CancellationToken cancellationToken = default) =>
        Tool.RunAsync(command, Timeout, cancellationToken);

    /// <summary>Returns <paramref name="result"/>, or throws <see cref="ProcessFailedException"/> with lvm's error.</summary>
    public static CommandResult EnsureSucceeded(CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Succeeded ? result : throw new ProcessFailedException(result.Describe());
    }

    /// <summary>The value of a typed query, or throws <see cref="ProcessFailedException"/> with its error.</summary>
    public static T EnsureSucceeded<T>(LvmQueryResult<T> result) =>
        result.Succeeded ? result.Value! : throw new ProcessFailedException(result.Error!);
}
