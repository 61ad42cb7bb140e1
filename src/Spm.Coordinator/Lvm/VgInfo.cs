namespace Spm.Coordinator.Lvm;

/// <summary>A VG as reported by <c>vgs</c> (bytes).</summary>
internal sealed record VgInfo(
    string Name,
    long SizeBytes,
    long FreeBytes,
    long ExtentSizeBytes,
    long ExtentCount,
    long FreeExtents,
    long Seqno,
    int PvCount)
{
    /// <summary>vg_tags (a vdsm block domain carries <c>MDT_VERSION=4|5</c>).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];
}
