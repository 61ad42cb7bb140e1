namespace LvExtend.TestSupport;

/// <summary>How <see cref="ProcessRunner"/> runs one command.</summary>
public sealed class ProcessRunOptions
{
    /// <summary>Environment variables to set for the child (a null value removes the variable).</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }

    /// <summary>The child's working directory (default: the current one).</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>The command is killed (with its children) and a <see cref="TimeoutException"/> thrown after this long.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Text written to the child's stdin, which is then closed (default: stdin is closed at once).</summary>
    public string? StandardInput { get; init; }

    /// <summary>Throw <see cref="ProcessFailedException"/> when the exit code is not 0.</summary>
    public bool ThrowOnFailure { get; init; }
}
