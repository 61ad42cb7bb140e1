namespace Spm.Coordinator.Lvm;

/// <summary>An LV as reported by <c>lvs</c>.</summary>
/// <param name="Name">The LV name.</param>
/// <param name="SizeBytes">Its size.</param>
/// <param name="Tags">Its tags.</param>
/// <param name="CapacityMib">The disk's virtual size from the tag <c>lvx_capacity_mib=N</c>, when present.</param>
internal sealed record LvInfo(string Name, long SizeBytes, IReadOnlyList<string> Tags, long? CapacityMib)
{
    /// <summary>The tag that carries the capacity.</summary>
    public const string CapacityTagPrefix = "lvx_capacity_mib=";
}
