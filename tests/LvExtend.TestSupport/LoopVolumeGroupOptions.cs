namespace LvExtend.TestSupport;

/// <summary>How <see cref="LoopVolumeGroup"/> builds its VG.</summary>
public sealed class LoopVolumeGroupOptions
{
    /// <summary>The VG name; default lvxt&lt;random&gt;.</summary>
    public string? Name { get; init; }

    /// <summary>How many PVs (loop devices) the VG starts with.</summary>
    public int PhysicalVolumeCount { get; init; } = 1;

    /// <summary>The size of each PV's sparse backing file, in GiB.</summary>
    public long PhysicalVolumeSizeGiB { get; init; } = 2;

    /// <summary>The VG extent size in MiB (vdsm uses 128; small extents keep tests fine-grained).</summary>
    public int ExtentSizeMib { get; init; } = 4;
}
