using LvExtend.Bench.Measurement;

namespace LvExtend.Bench.Growth;

/// <summary>
/// Where the growth phase's extension time goes (measured window, both policies): threshold crossed -> LV
/// refreshed, split into the host's and the coordinator's parts (the coordinator's from its audit rows, joined
/// by host, LV and size), with the load they ran under: requests per second, lvextends and queued requests at
/// once (time-averaged, Little's law), the simulation's timer lag and both processes' CPU.
/// </summary>
/// <param name="Matched">Extensions with an audit row.</param>
/// <param name="Total">Threshold crossed -> LV refreshed.</param>
/// <param name="WakeLate">The simulation's timers: how late a volume woke for its crossing (not part of Total).</param>
/// <param name="Decide">Crossing seen -> request sent.</param>
/// <param name="Detection">Request sent -> coordinator detected it (the host's write and doorbell, the coordinator's poll).</param>
/// <param name="Queue">Detected -> dequeued by a VG worker (behind other requests).</param>
/// <param name="Lvextend">The lvm command.</param>
/// <param name="CoordinatorRest">Validate, record, reply write and the hops between them.</param>
/// <param name="Pickup">Reply written -> seen by the host.</param>
/// <param name="Refresh">Reply seen -> LV size read back.</param>
/// <param name="RequestsPerSecond">Extensions per second (both policies).</param>
/// <param name="LvextendsAtOnce">Time-averaged lvextends running (sum of their durations over the window).</param>
/// <param name="QueuedAtOnce">Time-averaged requests waiting in the coordinator's queue.</param>
/// <param name="TimerLagMs">A 10 ms probe timer in this process: how late it fired.</param>
/// <param name="SimulationCpuPercent">This process (all simulated hosts and volumes, their refresh forks' waits), % of one core.</param>
/// <param name="SimulationChildrenCpuPercent">Its refresh forks (lvs), % of one core.</param>
/// <param name="CoordinatorCpuPercent">The coordinator's own threads, % of one core.</param>
/// <param name="CoordinatorChildrenCpuPercent">Its lvm children, % of one core.</param>
/// <param name="LoadAverage">At the end of the measured window.</param>
internal sealed record GrowthLatencySplit(
    int Matched,
    Distribution Total,
    Distribution WakeLate,
    Distribution Decide,
    Distribution Detection,
    Distribution Queue,
    Distribution Lvextend,
    Distribution CoordinatorRest,
    Distribution Pickup,
    Distribution Refresh,
    double RequestsPerSecond,
    double LvextendsAtOnce,
    double QueuedAtOnce,
    Distribution TimerLagMs,
    double SimulationCpuPercent,
    double SimulationChildrenCpuPercent,
    double CoordinatorCpuPercent,
    double CoordinatorChildrenCpuPercent,
    string LoadAverage)
{
    /// <summary>Splits the extensions crossed in the measured window (from <paramref name="fromSeconds"/>, <paramref name="seconds"/> long).</summary>
    public static GrowthLatencySplit Of(
        IReadOnlyList<GrowthExtension> trace, double fromSeconds, double seconds, IReadOnlyList<double> timerLagMs,
        ProcessStats simulationBefore, ProcessStats simulationAfter, ProcessStats coordinatorBefore, ProcessStats coordinatorAfter)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(simulationBefore);
        ArgumentNullException.ThrowIfNull(simulationAfter);
        ArgumentNullException.ThrowIfNull(coordinatorBefore);
        ArgumentNullException.ThrowIfNull(coordinatorAfter);
        var measured = trace.Where(e => e.AtSeconds >= fromSeconds).ToList();
        var split = measured.Where(e => e.Coordinator is not null).ToList();
        return new GrowthLatencySplit(
            split.Count,
            Distribution.Of(measured.Select(e => e.Ms)),
            Distribution.Of(measured.Select(e => e.WakeLateMs)),
            Distribution.Of(measured.Select(e => e.DecideMs)),
            Distribution.Of(split.Select(e => e.Coordinator!.Detection)),
            Distribution.Of(split.Select(e => e.Coordinator!.Queue)),
            Distribution.Of(split.Select(e => e.Coordinator!.Lvextend)),
            Distribution.Of(split.Select(e => e.Coordinator!.Validate + e.Coordinator!.Record + e.Coordinator!.Reply + e.Coordinator!.Between)),
            Distribution.Of(split.Select(e => e.Coordinator!.Pickup)),
            Distribution.Of(measured.Select(e => e.RefreshMs)),
            measured.Count / seconds,
            split.Sum(e => e.Coordinator!.Lvextend) / 1000 / seconds,
            split.Sum(e => e.Coordinator!.Queue) / 1000 / seconds,
            Distribution.Of(timerLagMs),
            Percent(simulationAfter.OwnCpu - simulationBefore.OwnCpu, simulationBefore, simulationAfter),
            Percent(simulationAfter.ChildrenCpu - simulationBefore.ChildrenCpu, simulationBefore, simulationAfter),
            Percent(coordinatorAfter.OwnCpu - coordinatorBefore.OwnCpu, coordinatorBefore, coordinatorAfter),
            Percent(coordinatorAfter.ChildrenCpu - coordinatorBefore.ChildrenCpu, coordinatorBefore, coordinatorAfter),
            ProcessStats.LoadAverage());
    }

    private static double Percent(TimeSpan cpu, ProcessStats before, ProcessStats after) =>
        100 * cpu.TotalSeconds / System.Diagnostics.Stopwatch.GetElapsedTime(before.Timestamp, after.Timestamp).TotalSeconds;
}
