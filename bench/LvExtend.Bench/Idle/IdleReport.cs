using LvExtend.Bench.Report;

namespace LvExtend.Bench.Idle;

/// <summary>The idle phase: what the coordinator costs with hosts connected and nothing to extend, and what an agent costs watching idle drives.</summary>
/// <param name="Hosts">Idle simulated hosts (each a started HostMailbox).</param>
/// <param name="Seconds">The measured windows together.</param>
/// <param name="EventIntervalMs">The coordinator's doorbell polling while hosts are active.</param>
/// <param name="IdleEventIntervalMs">Its doorbell polling once no host rang for the active window (what is measured).</param>
/// <param name="ActiveWindowSeconds">Its active window; the measurement starts after it.</param>
/// <param name="FullScanIntervalMs">Its full scan.</param>
/// <param name="CoordinatorCpuPercent">Its own CPU (utime+stime) as a percentage of one core: the median of the windows.</param>
/// <param name="CoordinatorCpu">Its CPU per window (median, min, max; its threads' schedstat run time).</param>
/// <param name="CoordinatorTicksCpuPercent">Its utime+stime over all windows (10 ms ticks): a cross-check.</param>
/// <param name="CoordinatorThreads">Its CPU and wake-ups per thread name over all windows (schedstat).</param>
/// <param name="CoordinatorChildrenCpuSeconds">Its children's CPU (none expected).</param>
/// <param name="ReadCallsPerSecond">read system calls per second (syscr: mailbox reads plus PostgreSQL socket reads).</param>
/// <param name="WriteCallsPerSecond">write system calls per second (syscw).</param>
/// <param name="DiskReadBytesPerSecond">Bytes read from the disk per second (read_bytes: the O_DIRECT mailbox reads).</param>
/// <param name="MailboxBlockReadsPerSecond">The same in 4 KiB mailbox blocks per second.</param>
/// <param name="DiskWriteBytesPerSecond">Bytes written to the disk per second (write_bytes).</param>
/// <param name="SimulationCpuPercent">The simulated hosts' CPU (this process), idle.</param>
/// <param name="CoordinatorRssMib">The coordinator's RSS at the end.</param>
/// <param name="CoordinatorSettleSeconds">Its idle time before the windows: the active window and the settle (<c>--idle-settle-seconds</c>).</param>
/// <param name="CoordinatorSettleCpuPercent">Its utime+stime over that time (the active window's fast doorbell, start-up work, the JIT's tiering), not in the figures above.</param>
/// <param name="CoordinatorVariants">Each coordinator measured in turn (<c>LVX_COORDINATOR_IDLE_VARIANTS</c>; the figures above are the last one's).</param>
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
    CpuWindows CoordinatorCpu,
    double CoordinatorTicksCpuPercent,
    IReadOnlyList<ThreadGroupCpu> CoordinatorThreads,
    double CoordinatorChildrenCpuSeconds,
    double ReadCallsPerSecond,
    double WriteCallsPerSecond,
    double DiskReadBytesPerSecond,
    double MailboxBlockReadsPerSecond,
    double DiskWriteBytesPerSecond,
    double SimulationCpuPercent,
    double CoordinatorRssMib,
    double CoordinatorSettleSeconds,
    double CoordinatorSettleCpuPercent,
    IReadOnlyList<IdleVariantResult> CoordinatorVariants,
    AgentIdleReport? Agent,
    IReadOnlyList<TargetResult> Targets);
