namespace LvExtend.TestSupport;

/// <summary>
/// Runs lvm2 commands the way the project does on this machine: restricted to given PVs
/// (<c>--devices</c>), no device-mapper (<c>--driverloaded n</c>), LVM_SUPPRESS_FD_WARNINGS=1.
/// </summary>
public static class LvmCommand
{
    /// <summary>The environment every lvm command gets.</summary>
    public static IReadOnlyDictionary<string, string?> Environment { get; } =
        new Dictionary<string, string?> { ["LVM_SUPPRESS_FD_WARNINGS"] = "1" };

    /// <summary>Fails the test (via <see cref="RequiredDependency"/>) unless running as root with lvm2 installed.</summary>
    public static void RequireLvm()
    {
        RequiredDependency.RequireRoot("LVM on loop devices");
        RequiredDependency.RequireCommand("lvm", "lvm2");
        RequiredDependency.RequireCommand("losetup", "util-linux");
    }

    /// <summary>Runs <c>lvm <paramref name="command"/> --devices D1,D2 --driverloaded n args...</c> and throws on failure.</summary>
    public static ProcessResult Run(string command, IEnumerable<string> devices, params string[] arguments) =>
        ProcessRunner.Run("lvm", BuildArguments(command, devices, arguments), Options(throwOnFailure: true));

    /// <summary>Like <see cref="Run"/> but returns the result whatever the exit code.</summary>
    public static ProcessResult TryRun(string command, IEnumerable<string> devices, params string[] arguments) =>
        ProcessRunner.Run("lvm", BuildArguments(command, devices, arguments), Options(throwOnFailure: false));

    /// <summary>Async form of <see cref="Run"/>.</summary>
    public static Task<ProcessResult> RunAsync(
        string command, IEnumerable<string> devices, IEnumerable<string> arguments, CancellationToken cancellationToken = default) =>
        ProcessRunner.RunAsync("lvm", BuildArguments(command, devices, arguments), Options(throwOnFailure: true), cancellationToken);

    private static ProcessRunOptions Options(bool throwOnFailure) =>
        new() { Environment = Environment, ThrowOnFailure = throwOnFailure, Timeout = TimeSpan.FromMinutes(2) };

    private static List<string> BuildArguments(string command, IEnumerable<string> devices, IEnumerable<string> arguments)
    {
        var list = new List<string> { command, "--devices", string.Join(',', devices), "--driverloaded", "n" };
        list.AddRange(arguments);
        return list;
    }
}
