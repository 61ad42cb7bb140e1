namespace LvExtend.Lvm;

/// <summary>One segment of an LV as <c>lvs --segments</c> reports it.</summary>
/// <param name="LvName">lv_name.</param>
/// <param name="StartExtent">seg_start_pe: the segment's first logical extent in the LV.</param>
/// <param name="ExtentCount">seg_size_pe: its length in extents.</param>
/// <param name="Ranges">seg_pe_ranges: where its extents are on the PVs (one range for a linear segment).</param>
public sealed record LvmSegmentRecord(string LvName, long StartExtent, long ExtentCount, IReadOnlyList<LvmPeRange> Ranges);
