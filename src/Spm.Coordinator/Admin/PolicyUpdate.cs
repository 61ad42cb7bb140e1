namespace Spm.Coordinator.Admin;

/// <summary>
/// A partial policy change: null fields keep their value (see <see cref="CoordinatorPolicy"/> for their meaning).
/// <c>ClearMaxVolumeSize</c> removes the pool-wide ceiling and takes precedence over <c>MaxVolumeSizeMib</c>.
/// </summary>
internal sealed record PolicyUpdate(
    double? CapFactor = null,
    long? MaxVolumeSizeMib = null,
    bool ClearMaxVolumeSize = false,
    double? HostRequestsPerSecond = null,
    int? HostRequestBurst = null,
    long? HostGrowthBudgetMib = null,
    TimeSpan? HostGrowthWindow = null,
    TimeSpan? SpacePollInterval = null,
    TimeSpan? MailboxEventInterval = null,
    TimeSpan? MailboxFullScanInterval = null);
