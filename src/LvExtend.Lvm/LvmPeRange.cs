namespace LvExtend.Lvm;

/// <summary>A run of physical extents on one PV: <c>/dev/loop0:5-254</c> in <c>seg_pe_ranges</c>.</summary>
/// <param name="Device">The PV's device path.</param>
/// <param name="FirstExtent">The first physical extent.</param>
/// <param name="LastExtent">The last physical extent (inclusive).</param>
public sealed record LvmPeRange(string Device, long FirstExtent, long LastExtent)
{
    /// <summary>How many extents the range covers.</summary>
    public long ExtentCount => LastExtent - FirstExtent + 1;
}
