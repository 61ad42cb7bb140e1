namespace LvExtend.Bench.Idle;

/// <summary>The CPU of the threads of one name over a measured span.</summary>
/// <param name="Name">The thread name (/proc comm, 15 characters at most).</param>
/// <param name="Threads">Threads of that name seen in the span (short-lived ones included).</param>
/// <param name="CpuPercent">Their run time (schedstat, nanoseconds) as a percentage of one core.</param>
/// <param name="RunsPerSecond">Times they were scheduled per second (schedstat: about their wake-ups).</param>
internal sealed record ThreadGroupCpu(string Name, int Threads, double CpuPercent, double RunsPerSecond);
