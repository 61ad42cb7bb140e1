using LvExtend.Bench.Report;

namespace LvExtend.Bench.Idle;

/// <summary>The idle phase: what the coordinator costs with hosts connected and nothing to extend, and what an agent costs watching idle drives.</summary>
/// <param name="Hosts">Idle simulated hosts (each a started HostMailbox).</param>
/// <param name="Seconds">The measured window.</param>
/// <param name="EventIntervalMs">The coordinator's doorbell polling while hosts are active.</param>
/// <param name="IdleEventIntervalMs">Its doorbell polling once no host rang for the active window (what is measured).</param>
/// <param name="ActiveWindowSeconds">Its active window; the measurement starts after it.</param>
/// <param name="FullScanIntervalMs">Its full scan.</param>
/// <param name="CoordinatorCpuPercent">Its own CPU (utime+stime) as a percentage of one core.</param>
/// <param name="CoordinatorThreads">Its CPU per thread name.</param>
/// <param name="CoordinatorChildrenCpuSeconds">Its children's CPU (none expected).</param>
/// <param name="ReadCallsPerSecond">read system calls per second (syscr: mailbox reads plus PostgreSQL socket reads).</param>
/// <param name="WriteCallsPerSecond">write system calls per second (syscw).</param>
/// <param name="DiskReadBytesPerSecond">Bytes read from the disk per second (read_bytes: the O_DIRECT mailbox reads).</param>
/// <param name="MailboxBlockReadsPerSecond">The same in 4 KiB mailbox blocks per second.</param>
/// <param name="DiskWriteBytesPerSecond">Bytes written to the disk per second (write_bytes).</param>
/// <param name="SimulationCpuPercent">The simulated hosts' CPU (this process), idle.</param>
/// <param name="CoordinatorRssMib">The coordinator's RSS at the end.</param>
/// <param name="Agent">The agent part (null when skipped: <c>--idle-agent-drives 0</c>).</param>
/// <param name="Targets">Coordinator CPU &lt;= 0.5 % of a core; agent CPU &lt;= 0.1 %.</param>
internal sealed record IdleReport(
    int Hosts,
    double Seconds,
    double EventIntervalMs,
    double IdleEventIntervalMs,
    double ActiveWindowSeconds,
    double FullScanIntervalMs,
    double CoordinatorCpuPercent,
    IReadOnlyList<ThreadGroupCpu> CoordinatorThreads,
    double CoordinatorChildrenCpuSeconds,
    double ReadCallsPerSecond,
    double WriteCallsPerSecond,
    double DiskReadBytesPerSecond,
    double MailboxBlockReadsPerSecond,
    double DiskWriteBytesPerSecond,
    double SimulationCpuPercent,
    double CoordinatorRssMib,
    AgentIdleReport? Agent,
    IReadOnlyList<TargetResult> Targets);
