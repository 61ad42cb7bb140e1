using System.Diagnostics;

namespace LvExtend.Bench.Measurement;

/// <summary>
/// A process's CPU over the load of a run (steady phase and burst), without the raw lvextend probe that runs
/// between them (the probe's lvextends are this program's children, and the coordinator idles meanwhile).
/// </summary>
internal sealed record MeasuredWindow(ProcessStats Start, ProcessStats PauseStart, ProcessStats PauseEnd, ProcessStats End)
{
    /// <summary>Wall time of the window, the pause excluded.</summary>
    public double Seconds =>
        Stopwatch.GetElapsedTime(Start.Timestamp, End.Timestamp).TotalSeconds
        - Stopwatch.GetElapsedTime(PauseStart.Timestamp, PauseEnd.Timestamp).TotalSeconds;

    /// <summary>utime + stime over the window.</summary>
    public double OwnCpuSeconds => (End.OwnCpu - Start.OwnCpu - (PauseEnd.OwnCpu - PauseStart.OwnCpu)).TotalSeconds;

    /// <summary>cutime + cstime over the window.</summary>
    public double ChildrenCpuSeconds => (End.ChildrenCpu - Start.ChildrenCpu - (PauseEnd.ChildrenCpu - PauseStart.ChildrenCpu)).TotalSeconds;
}
