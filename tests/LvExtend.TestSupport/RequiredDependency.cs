namespace LvExtend.TestSupport;

/// <summary>
/// Tests that need root, LVM, qemu or PostgreSQL fail (never skip) when a dependency is missing:
/// the test script installs and starts them all.
/// </summary>
public static class RequiredDependency
{
    /// <summary>True when running under CI (CI=true).</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Fails the test with a message that says how to provide the dependency.</summary>
    public static void Require(bool present, string what, string howToProvide)
    {
        if (!present)
        {
            throw new InvalidOperationException($"Test dependency missing: {what}. {howToProvide} (scripts/test.sh provides it).");
        }
    }

    /// <summary>Fails the test unless it runs as root.</summary>
    public static void RequireRoot(string purpose) =>
        Require(Environment.IsPrivilegedProcess, $"root (for {purpose})", "Run the tests as root");

    /// <summary>Fails the test unless <paramref name="command"/> is on PATH (or in /sbin, /usr/sbin).</summary>
    public static void RequireCommand(string command, string debianPackage) =>
        Require(ProcessRunner.IsOnPath(command), $"the command {command}", $"Install it: apt-get install {debianPackage}");
}
