namespace Hsm.Agent.Monitoring;

/// <summary>A point-in-time view of a VM, for the status API.</summary>
internal sealed record VmStatus(
    string Name,
    string SocketPath,
    VmConnectionState Connection,
    string RunStatus,
    bool PausedOnNoSpace,
    long Pauses,
    long Resumes,
    string? LastError,
    IReadOnlyList<DriveStatus> Drives);
