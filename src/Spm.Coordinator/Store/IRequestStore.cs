using Spm.Coordinator.Admin;

namespace Spm.Coordinator.Store;

/// <summary>
/// The writes to the audit trail (<c>extend_requests</c>, <c>request_events</c>) and the host table. Every write is
/// fenced: it returns null/false/0 and changes nothing when the fence's lease is no longer valid. The reads are
/// <see cref="IRequestReader"/>.
/// </summary>
internal interface IRequestStore
{
    /// <summary>
    /// Whether the fence's lease is still valid in the database at this moment (a read, nothing written): the gate in
    /// front of every LVM mutation, one short round trip.
    /// </summary>
    Task<bool> FenceHoldsAsync(LeaseFence fence, CancellationToken cancellationToken);

    /// <summary>Records a new request (and counts it for its host); null when fenced out.</summary>
    Task<long?> InsertAsync(LeaseFence fence, NewExtendRequest request, CancellationToken cancellationToken);

    /// <summary>Moves a request of this epoch to a new state; false when fenced out.</summary>
    Task<bool> TransitionAsync(LeaseFence fence, long requestId, RequestTransition transition, CancellationToken cancellationToken);

    /// <summary>Adds the reply and total durations once the reply is written (no event); false when fenced out.</summary>
    Task<bool> RecordReplyAsync(LeaseFence fence, long requestId, double replySeconds, double totalSeconds, double recordSeconds, CancellationToken cancellationToken);

    /// <summary>Counts a checksum error for a host; false when fenced out.</summary>
    Task<bool> RecordChecksumErrorAsync(LeaseFence fence, int hostId, CancellationToken cancellationToken);

    /// <summary>
    /// Marks requests left open by earlier epochs as superseded (the new leader serves them again from the
    /// mailbox); the number marked, or null when fenced out.
    /// </summary>
    Task<int?> SupersedeOpenRequestsAsync(LeaseFence fence, CancellationToken cancellationToken);
}

/// <summary>A request to record.</summary>
internal sealed record NewExtendRequest(
    ExtendRequestSource Source,
    int? HostId,
    int? Slot,
    byte[]? Payload,
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
    double? DetectSeconds,
    double? ValidateSeconds);

/// <summary>A state change; null fields keep their value.</summary>
internal sealed record RequestTransition(
    ExtendRequestState State,
    string? Reason,
    long? SizeBeforeBytes = null,
    long? SizeAfterBytes = null,
    double? WaitSeconds = null,
    double? ValidateSeconds = null,
    double? LvextendSeconds = null);
