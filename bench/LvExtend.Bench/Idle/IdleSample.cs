using LvExtend.Bench.Measurement;

namespace LvExtend.Bench.Idle;

/// <summary>What <see cref="IdleWindows"/> measured.</summary>
/// <param name="Seconds">All windows together.</param>
/// <param name="Cpu">The process's CPU per window (its threads' schedstat run time).</param>
/// <param name="TicksPercent">Its utime+stime over all windows (10 ms ticks), percent of one core: a cross-check.</param>
/// <param name="Threads">Its threads over all windows, by name.</param>
/// <param name="Start">The process's counters at the first window's start.</param>
/// <param name="End">At the last window's end.</param>
internal sealed record IdleSample(double Seconds, CpuWindows Cpu, double TicksPercent, IReadOnlyList<ThreadGroupCpu> Threads, ProcessStats Start, ProcessStats End);
