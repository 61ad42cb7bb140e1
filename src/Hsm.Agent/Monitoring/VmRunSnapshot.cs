namespace Hsm.Agent.Monitoring;

/// <summary>A point-in-time view of a <see cref="VmRunState"/>.</summary>
/// <param name="RunStatus">The run state: running, paused, io-error, prelaunch, shutdown, unknown.</param>
/// <param name="PausedOnNoSpace">Stopped on ENOSPC and not resumed yet.</param>
/// <param name="Pauses">ENOSPC pauses seen.</param>
/// <param name="Resumes">Resumes after an ENOSPC pause.</param>
internal readonly record struct VmRunSnapshot(string RunStatus, bool PausedOnNoSpace, long Pauses, long Resumes);
