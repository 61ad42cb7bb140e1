namespace LvExtend.Bench.Idle;

/// <summary>The agent part of the idle phase: a real Hsm.Agent watching one idle VM with N drives.</summary>
/// <param name="Drives">Drives of the VM, each a qcow2 on its own LV, all monitored.</param>
/// <param name="Seconds">The measured windows together (after the agent reported every drive and settled).</param>
/// <param name="CpuPercent">The agent process's own CPU (utime+stime) as a percentage of one core: the median of the windows.</param>
/// <param name="Cpu">Its CPU per window (median, min, max).</param>
/// <param name="Threads">Its CPU and wake-ups per thread name over all windows (schedstat).</param>
/// <param name="QemuCpuPercent">The idle VM's qemu (for reference; not the agent's).</param>
/// <param name="RssMib">The agent's RSS at the end.</param>
/// <param name="Problems">Warnings the agent printed (the first few).</param>
/// <param name="StartSeconds">From the agent's start until it logged every drive monitored.</param>
/// <param name="StartCpuSeconds">The agent's CPU by then (its start-up cost).</param>
/// <param name="Variants">Each agent measured in turn (<c>LVX_AGENT_IDLE_VARIANTS</c>; the figures above are the last one's).</param>
internal sealed record AgentIdleReport(
    int Drives,
    double Seconds,
    double CpuPercent,
    CpuWindows Cpu,
    IReadOnlyList<ThreadGroupCpu> Threads,
    double QemuCpuPercent,
    double RssMib,
    IReadOnlyList<string> Problems,
    double StartSeconds,
    double StartCpuSeconds,
    IReadOnlyList<IdleVariantResult> Variants);
