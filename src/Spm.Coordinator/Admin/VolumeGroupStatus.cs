namespace Spm.Coordinator.Admin;

/// <summary>One VG of the pool, as read with <c>vgs</c>.</summary>
/// <param name="DomainId">The storage domain.</param>
/// <param name="VgName">The VG.</param>
/// <param name="SizeBytes">The VG size (null when <c>vgs</c> failed: see <paramref name="Error"/>).</param>
/// <param name="FreeBytes">Free bytes.</param>
/// <param name="WaitingRequests">Requests waiting for space (on the leader; 0 on a standby).</param>
/// <param name="PhysicalVolumes">The devices LVM commands are restricted to.</param>
/// <param name="Error">Why the sizes are missing.</param>
internal sealed record VolumeGroupStatus(
    Guid DomainId,
    string VgName,
    long? SizeBytes,
    long? FreeBytes,
    int WaitingRequests,
    IReadOnlyList<string> PhysicalVolumes,
    string? Error);
