namespace LvExtend.Bench.Idle;

/// <summary>The agent part of the idle phase: a real Hsm.Agent watching one idle VM with N drives.</summary>
/// <param name="Drives">Drives of the VM, each a qcow2 on its own LV, all monitored.</param>
/// <param name="Seconds">The measured window (after the agent reported every drive and settled).</param>
/// <param name="CpuPercent">The agent process's own CPU (utime+stime) as a percentage of one core.</param>
/// <param name="Threads">Its CPU per thread name (schedstat run time).</param>
/// <param name="QemuCpuPercent">The idle VM's qemu (for reference; not the agent's).</param>
/// <param name="RssMib">The agent's RSS at the end.</param>
/// <param name="Problems">Warnings the agent printed (the first few).</param>
/// <param name="StartSeconds">From the agent's start until it logged every drive monitored.</param>
/// <param name="StartCpuSeconds">The agent's CPU by then (its start-up cost).</param>
internal sealed record AgentIdleReport(
    int Drives,
    double Seconds,
    double CpuPercent,
    IReadOnlyList<ThreadGroupCpu> Threads,
    double QemuCpuPercent,
    double RssMib,
    IReadOnlyList<string> Problems,
    double StartSeconds,
    double StartCpuSeconds);
