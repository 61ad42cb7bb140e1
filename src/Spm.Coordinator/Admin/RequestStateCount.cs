namespace Spm.Coordinator.Admin;

/// <summary>How many requests are in one state.</summary>
internal sealed record RequestStateCount(ExtendRequestState State, long Count);
