using Hsm.Agent.Options;

namespace Hsm.Agent.Monitoring;

/// <summary>A point-in-time view of a VM, for the status API.</summary>
/// <param name="Name">The VM name.</param>
/// <param name="SocketPath">Where the agent reaches it: the QMP socket, or the libvirt URI.</param>
/// <param name="Source">Which VM source found it.</param>
/// <param name="Connection">Whether the agent's line to the VM (QMP socket or libvirt connection) is up.</param>
/// <param name="RunStatus">The run state: running, paused, io-error, prelaunch, shutdown, unknown.</param>
/// <param name="PausedOnNoSpace">Stopped on ENOSPC and not resumed yet.</param>
/// <param name="Pauses">ENOSPC pauses seen.</param>
/// <param name="Resumes">Resumes after an ENOSPC pause.</param>
/// <param name="LastError">The last connection error, if any.</param>
/// <param name="Drives">The pool drives.</param>
internal sealed record VmStatus(
    string Name,
    string SocketPath,
    VmSourceKind Source,
    VmConnectionState Connection,
    string RunStatus,
    bool PausedOnNoSpace,
    long Pauses,
    long Resumes,
    string? LastError,
    IReadOnlyList<DriveStatus> Drives);
