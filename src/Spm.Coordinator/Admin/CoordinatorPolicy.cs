namespace Spm.Coordinator.Admin;

/// <summary>
/// The settings that can change while the coordinator runs (<c>lvx policy get|set</c>). They start from
/// the configuration, are persisted per pool in PostgreSQL (table <c>policy</c>) and applied live.
/// </summary>
/// <param name="CapFactor">A volume never grows beyond capacity x this factor when its capacity is known.</param>
/// <param name="MaxVolumeSizeMib">A pool-wide ceiling on top of each domain's maximum (null: none).</param>
/// <param name="HostRequestsPerSecond">Per-host sustained request rate.</param>
/// <param name="HostRequestBurst">Per-host request burst.</param>
/// <param name="HostGrowthBudgetMib">Per-host growth allowed per <paramref name="HostGrowthWindow"/>.</param>
/// <param name="HostGrowthWindow">The window of the growth budget.</param>
/// <param name="SpacePollInterval">How often the VG free space is read while requests wait.</param>
/// <param name="MailboxEventInterval">The mailbox doorbell polling interval.</param>
/// <param name="MailboxFullScanInterval">The mailbox full scan interval.</param>
internal sealed record CoordinatorPolicy(
    double CapFactor,
    long? MaxVolumeSizeMib,
    double HostRequestsPerSecond,
    int HostRequestBurst,
    long HostGrowthBudgetMib,
    TimeSpan HostGrowthWindow,
    TimeSpan SpacePollInterval,
    TimeSpan MailboxEventInterval,
    TimeSpan MailboxFullScanInterval);
