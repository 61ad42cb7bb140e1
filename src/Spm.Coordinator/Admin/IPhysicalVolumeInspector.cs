namespace Spm.Coordinator.Admin;

/// <summary>
/// Decides whether a device may become a PV of a domain's VG, before anything is written to it or
/// stored: an absolute printable path of bounded length, an existing block device, not a PV of any VG,
/// and without any signature (filesystem, partition table, RAID, ...) unless the operator forces it.
/// </summary>
internal interface IPhysicalVolumeInspector
{
    /// <summary>Inspects <paramref name="devicePath"/>; reads only, never writes.</summary>
    Task<DeviceInspection> InspectAsync(string devicePath, string vgName, bool force, CancellationToken cancellationToken);
}

/// <summary>What an inspection found.</summary>
internal enum DeviceVerdict
{
    /// <summary>A block device with no signature: it may be initialized.</summary>
    Usable = 0,

    /// <summary>A block device with signatures that the operator chose to override (audited).</summary>
    UsableForced = 1,

    /// <summary>Not an absolute, printable path of at most 255 characters without commas.</summary>
    InvalidPath = 2,

    /// <summary>Nothing exists at the path.</summary>
    NotFound = 3,

    /// <summary>The path exists but is not a block device.</summary>
    NotABlockDevice = 4,

    /// <summary>Already a PV (of this or another VG); force never overrides this.</summary>
    InUseByVolumeGroup = 5,

    /// <summary>Carries a signature and force was not given.</summary>
    HasSignature = 6,

    /// <summary>The device could not be inspected (I/O error, probe failed).</summary>
    InspectionFailed = 7,
}

/// <summary>The verdict, a one-line operator-facing detail, and the signatures found (e.g. "ext4", "dos").</summary>
internal sealed record DeviceInspection(DeviceVerdict Verdict, string Detail, IReadOnlyList<string> Signatures)
{
    public bool MayInitialize => Verdict is DeviceVerdict.Usable or DeviceVerdict.UsableForced;
}
