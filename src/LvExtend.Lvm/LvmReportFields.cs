namespace LvExtend.Lvm;

/// <summary>The <c>-o</c> field lists of the reports; <see cref="LvmReportReader"/> reads exactly these fields.</summary>
public static class LvmReportFields
{
    /// <summary>vgs fields.</summary>
    public const string VolumeGroup =
        "vg_name,vg_uuid,vg_size,vg_free,vg_extent_size,vg_extent_count,vg_free_count,vg_seqno,pv_count,lv_count,vg_mda_free,vg_tags";

    /// <summary>lvs fields.</summary>
    public const string LogicalVolume = "vg_name,lv_name,lv_uuid,lv_size,lv_tags";

    /// <summary>pvs fields.</summary>
    public const string PhysicalVolume = "pv_name,vg_name,pv_uuid,pv_size,pv_free,pe_start,pv_pe_count";

    /// <summary>lvs --segments fields.</summary>
    public const string Segment = "lv_name,seg_start_pe,seg_size_pe,seg_pe_ranges";

    /// <summary>The field list of <paramref name="kind"/>.</summary>
    public static string For(LvmReportKind kind) => kind switch
    {
        LvmReportKind.VolumeGroups => VolumeGroup,
        LvmReportKind.LogicalVolumes => LogicalVolume,
        LvmReportKind.PhysicalVolumes => PhysicalVolume,
        LvmReportKind.Segments => Segment,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown report"),
    };
}
