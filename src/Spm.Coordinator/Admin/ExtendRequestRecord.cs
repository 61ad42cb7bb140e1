namespace Spm.Coordinator.Admin;

/// <summary>One row of the audit trail (<c>extend_requests</c>).</summary>
/// <param name="Id">The request id.</param>
/// <param name="PoolId">The pool.</param>
/// <param name="Epoch">The leader epoch that handled it.</param>
/// <param name="InstanceId">The leader instance that handled it.</param>
/// <param name="Source">Mailbox or admin.</param>
/// <param name="HostId">The host (mailbox only).</param>
/// <param name="Slot">The slot in the host's block (mailbox only).</param>
/// <param name="DomainId">The storage domain (null for an undecodable message).</param>
/// <param name="VolumeId">The volume (null for an undecodable message).</param>
/// <param name="VgName">The VG when the domain is known.</param>
/// <param name="LvName">The LV when the volume is known.</param>
/// <param name="RequestedMib">The requested size.</param>
/// <param name="SizeBeforeBytes">The LV size before.</param>
/// <param name="SizeAfterBytes">The LV size after.</param>
/// <param name="State">The current state.</param>
/// <param name="Reason">Why it was rejected, failed, waited, etc.</param>
/// <param name="DetectedAt">When the mailbox saw it (or the admin call arrived).</param>
/// <param name="UpdatedAt">The latest change.</param>
/// <param name="CompletedAt">When it reached a final state.</param>
/// <param name="Phases">Phase durations.</param>
internal sealed record ExtendRequestRecord(
    long Id,
    string PoolId,
    long Epoch,
    string InstanceId,
    ExtendRequestSource Source,
    int? HostId,
    int? Slot,
    Guid? DomainId,
    Guid? VolumeId,
    string? VgName,
    string? LvName,
    long? RequestedMib,
    long? SizeBeforeBytes,
    long? SizeAfterBytes,
    ExtendRequestState State,
    string? Reason,
    DateTimeOffset DetectedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CompletedAt,
    PhaseDurations Phases);
