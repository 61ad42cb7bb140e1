namespace LvExtend.Lvm;

/// <summary>The JSON reports LvExtend reads (each with its fixed field list, <see cref="LvmReportFields"/>).</summary>
public enum LvmReportKind
{
    /// <summary><c>vgs</c>: <see cref="LvmVgRecord"/>.</summary>
    VolumeGroups = 0,

    /// <summary><c>lvs</c>: <see cref="LvmLvRecord"/>.</summary>
    LogicalVolumes = 1,

    /// <summary><c>pvs</c>: <see cref="LvmPvRecord"/>.</summary>
    PhysicalVolumes = 2,

    /// <summary><c>lvs --segments</c>: <see cref="LvmSegmentRecord"/>.</summary>
    Segments = 3,
}
