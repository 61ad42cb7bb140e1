namespace Spm.Coordinator.Admin;

/// <summary>The result of an admin extension (it ran through the same pipeline as a mailbox request).</summary>
/// <param name="RequestId">The audit row.</param>
/// <param name="State">Done, Rejected or Failed (an admin request does not wait for space).</param>
/// <param name="Reason">Why it was rejected or failed, or "already large enough".</param>
/// <param name="SizeBeforeBytes">The LV size before.</param>
/// <param name="SizeAfterBytes">The LV size after.</param>
internal sealed record ExtendVolumeOutcome(
    long? RequestId,
    ExtendRequestState State,
    string? Reason,
    long? SizeBeforeBytes,
    long? SizeAfterBytes)
{
    /// <summary>Whether the LV has at least the requested size.</summary>
    public bool Succeeded => State == ExtendRequestState.Done;
}
