namespace Spm.Coordinator.Options;

/// <summary>How LVM commands run, section <c>Coordinator:Lvm</c>.</summary>
internal sealed class LvmOptions
{
    /// <summary>The lvm binary (every command runs as <c>lvm &lt;command&gt;</c>).</summary>
    public string CommandPath { get; set; } = "lvm";

    /// <summary>
    /// The longest an LVM command may run before it is killed. Mutating commands get less when the lease
    /// has less left.
    /// </summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
