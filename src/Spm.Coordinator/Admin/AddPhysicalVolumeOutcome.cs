namespace Spm.Coordinator.Admin;

/// <summary>The result of AddPhysicalVolume.</summary>
/// <param name="DomainId">The domain.</param>
/// <param name="VgName">The VG that grew.</param>
/// <param name="Device">The new PV.</param>
/// <param name="VgSizeBytes">The VG size after.</param>
/// <param name="VgFreeBytes">Free bytes after (before the waiting requests were served).</param>
/// <param name="WaitingRequests">Requests that were waiting for space; they are being served now.</param>
internal sealed record AddPhysicalVolumeOutcome(
    Guid DomainId,
    string VgName,
    string Device,
    long VgSizeBytes,
    long VgFreeBytes,
    int WaitingRequests);
