using Xunit.Abstractions;

namespace LvExtend.TestSupport;

/// <summary>How <see cref="ManagedProcess"/> starts a long-running child.</summary>
public sealed class ManagedProcessOptions
{
    /// <summary>Environment variables to set for the child (a null value removes the variable).</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }

    /// <summary>The child's working directory (default: the current one).</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Also echo every output line here, prefixed with <see cref="Name"/>.</summary>
    public ITestOutputHelper? Output { get; init; }

    /// <summary>A short name for log prefixes and messages (default: the file name).</summary>
    public string? Name { get; init; }

    /// <summary>How long DisposeAsync waits for the child after SIGKILL.</summary>
    public TimeSpan DisposeTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
