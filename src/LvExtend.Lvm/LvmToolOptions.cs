namespace LvExtend.Lvm;

/// <summary>How <see cref="LvmTool"/> runs lvm.</summary>
public sealed class LvmToolOptions
{
    /// <summary>The lvm binary (default <c>lvm</c> on PATH).</summary>
    public string Binary { get; init; } = LvmDefaults.Binary;

    /// <summary>How long a report may run before it is killed.</summary>
    public TimeSpan ReportTimeout { get; init; } = TimeSpan.FromSeconds(20);
}
