namespace LvExtend.Lvm;

/// <summary>How <see cref="CommandRunner"/> runs commands.</summary>
public sealed class CommandRunnerOptions
{
    /// <summary>The default bound on captured output: 32 Mi characters per stream (an lvs of thousands of LVs fits).</summary>
    public const int DefaultMaxOutputChars = 32 * 1024 * 1024;

    /// <summary>
    /// The most characters kept from stdout and from stderr each; the rest is read and dropped (the child is
    /// never blocked on a full pipe) and <see cref="CommandResult.OutputTruncated"/> is set.
    /// </summary>
    public int MaxOutputChars { get; init; } = DefaultMaxOutputChars;
}
