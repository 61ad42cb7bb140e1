namespace Spm.Coordinator.Admin;

/// <summary>A filter for <c>lvx requests</c>: newest first, at most <paramref name="Limit"/> rows.</summary>
internal sealed record RequestQuery(ExtendRequestState? State, int? HostId, Guid? VolumeId, int Limit);
