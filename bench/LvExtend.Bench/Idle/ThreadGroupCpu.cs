namespace LvExtend.Bench.Idle;

/// <summary>The CPU of the threads of one name over a measured window.</summary>
/// <param name="Name">The thread name (/proc comm, 15 characters at most).</param>
/// <param name="Threads">Threads of that name at the end of the window.</param>
/// <param name="CpuPercent">Their CPU as a percentage of one core (10 ms resolution).</param>
internal sealed record ThreadGroupCpu(string Name, int Threads, double CpuPercent);
