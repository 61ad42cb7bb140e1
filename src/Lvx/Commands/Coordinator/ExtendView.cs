namespace Lvx.Commands.Coordinator;

/// <summary>The JSON of <c>lvx extend</c>. LV sizes in bytes.</summary>
internal sealed record ExtendView(
    string Domain,
    string Volume,
    long RequestedMib,
    long? RequestId,
    string State,
    string? Reason,
    long? SizeBeforeBytes,
    long? SizeAfterBytes);
