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
    int PvCount);
