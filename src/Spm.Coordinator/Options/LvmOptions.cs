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

    /// <summary>
    /// How many lvextends of one VG may run at once (each on a different LV). lvm serializes the metadata update
    /// itself (the VG's write lock); what overlaps is each command's start, device scan and read of the metadata:
    /// two at once served 1.6 times as many extensions per second as one on the 2-core test machine
    /// (docs/coordinator.md, "Concurrent lvextends"). 1 runs them one after the other.
    /// </summary>
    public int ConcurrentExtends { get; set; } = 2;
}
