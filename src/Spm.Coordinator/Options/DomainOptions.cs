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

    /// <summary>
    /// A vdsm block domain (VG tag <c>MDT_VERSION=4|5</c>) only: what to do with a volume whose capacity cannot be
    /// read from vdsm's metadata (no <c>MD_</c> tag, a slot that does not parse): <c>Refuse</c> (default) or
    /// <c>DomainMaximum</c> (serve it up to <see cref="MaxVolumeSizeMib"/>).
    /// </summary>
    /// <remarks>A string, so that a misspelt value fails the validation instead of being dropped by the binder.</remarks>
    public string UnknownCapacity { get; set; } = nameof(UnknownCapacityPolicy.Refuse);

    /// <summary><see cref="UnknownCapacity"/> parsed (case-insensitive); null when it is neither value.</summary>
    public UnknownCapacityPolicy? EffectiveUnknownCapacity =>
        Enum.TryParse<UnknownCapacityPolicy>(UnknownCapacity, ignoreCase: true, out var policy) && Enum.IsDefined(policy)
            && !int.TryParse(UnknownCapacity, out _)
            ? policy
            : null;

    /// <summary>The VG name in effect.</summary>
    public string EffectiveVgName => string.IsNullOrWhiteSpace(VgName) ? DomainId.ToString() : VgName;
}
