namespace Spm.Coordinator.Admin;

/// <summary>One state change of a request (<c>request_events</c>), what <c>lvx history</c> shows.</summary>
/// <param name="EventId">The event id (grows with time).</param>
/// <param name="RequestId">The request.</param>
/// <param name="At">When, on the database clock.</param>
/// <param name="State">The state entered.</param>
/// <param name="Reason">Why.</param>
/// <param name="Epoch">The leader epoch that wrote it.</param>
/// <param name="InstanceId">The leader that wrote it.</param>
/// <param name="Source">Mailbox or admin.</param>
/// <param name="HostId">The host (mailbox only).</param>
/// <param name="DomainId">The domain.</param>
/// <param name="VolumeId">The volume.</param>
/// <param name="RequestedMib">The requested size.</param>
/// <param name="SizeBeforeBytes">The LV size before.</param>
/// <param name="SizeAfterBytes">The LV size after.</param>
internal sealed record HistoryEntry(
    long EventId,
    long RequestId,
    DateTimeOffset At,
    ExtendRequestState State,
    string? Reason,
    long Epoch,
    string InstanceId,
    ExtendRequestSource Source,
    int? HostId,
    Guid? DomainId,
    Guid? VolumeId,
    long? RequestedMib,
    long? SizeBeforeBytes,
    long? SizeAfterBytes);
