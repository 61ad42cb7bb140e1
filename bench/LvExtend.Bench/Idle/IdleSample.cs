using LvExtend.Bench.Measurement;

namespace LvExtend.Bench.Idle;

/// <summary>What <see cref="IdleWindows"/> measured.</summary>
/// <param name="Seconds">All windows together.</param>
/// <param name="Cpu">The process's CPU per window.</param>
/// <param name="Threads">Its threads over all windows, by name.</param>
/// <param name="Start">The process's counters at the first window's start.</param>
/// <param name="End">At the last window's end.</param>
internal sealed record IdleSample(double Seconds, CpuWindows Cpu, IReadOnlyList<ThreadGroupCpu> Threads, ProcessStats Start, ProcessStats End);
