namespace LvExtend.Lvm;

/// <summary>A VG as <c>vgs --units b</c> reports it.</summary>
/// <param name="Name">vg_name.</param>
/// <param name="Uuid">vg_uuid.</param>
/// <param name="SizeBytes">vg_size.</param>
/// <param name="FreeBytes">vg_free.</param>
/// <param name="ExtentSizeBytes">vg_extent_size.</param>
/// <param name="ExtentCount">vg_extent_count.</param>
/// <param name="FreeExtents">vg_free_count.</param>
/// <param name="SeqNo">vg_seqno: grows with every metadata change.</param>
/// <param name="PhysicalVolumeCount">pv_count.</param>
/// <param name="LogicalVolumeCount">lv_count.</param>
/// <param name="MetadataFreeBytes">vg_mda_free.</param>
/// <param name="Tags">vg_tags.</param>
public sealed record LvmVgRecord(
    string Name,
    string Uuid,
    long SizeBytes,
    long FreeBytes,
    long ExtentSizeBytes,
    long ExtentCount,
    long FreeExtents,
    long SeqNo,
    int PhysicalVolumeCount,
    int LogicalVolumeCount,
    long MetadataFreeBytes,
    IReadOnlyList<string> Tags);
