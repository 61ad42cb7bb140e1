namespace Spm.Coordinator.Admin;

/// <summary>An expected failure of an admin operation.</summary>
internal sealed record AdminError(AdminErrorCode Code, string Message);
