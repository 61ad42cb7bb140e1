namespace LvExtend.Lvm.Vdsm;

/// <summary>What <see cref="VdsmMetadataReader.ReadDomainAsync"/> found on one VG.</summary>
/// <param name="VgName">The VG.</param>
/// <param name="SeqNo">The VG's seqno when read (re-read when it changes).</param>
/// <param name="Format">The domain's metadata format; null when the VG is not a vdsm block domain.</param>
/// <param name="Volumes">Per volume LV (every LV but vdsm's special ones): its capacity or why not.</param>
public sealed record VdsmDomainMetadata(
    string VgName, long SeqNo, VdsmMetadataFormat? Format, IReadOnlyDictionary<string, VdsmCapacityResult> Volumes)
{
    /// <summary>True when the VG carries <c>MDT_VERSION=4|5</c>.</summary>
    public bool IsVdsmDomain => Format is not null;
}
