namespace Spm.Coordinator.Options;

/// <summary>One storage domain (a VG), an element of <c>Coordinator:Domains</c>.</summary>
internal sealed class DomainOptions
{
    /// <summary>The domain UUID the hosts put in their requests.</summary>
    public Guid DomainId { get; set; }

    /// <summary>The VG name; default the domain UUID string, as the reference names its VGs.</summary>
    public string? VgName { get; set; }

    /// <summary>
    /// The VG's PVs. Every LVM command is restricted to these (<c>--devices</c>), plus the PVs added
    /// since through AddPhysicalVolume (kept in PostgreSQL).
    /// </summary>
    public IList<string> PhysicalVolumes { get; } = [];

    /// <summary>No LV of this domain is extended beyond this size, whatever its capacity (default 8 TiB).</summary>
    public long MaxVolumeSizeMib { get; set; } = 8L * 1024 * 1024;

    /// <summary>The VG name in effect.</summary>
    public string EffectiveVgName => string.IsNullOrWhiteSpace(VgName) ? DomainId.ToString() : VgName;
}
