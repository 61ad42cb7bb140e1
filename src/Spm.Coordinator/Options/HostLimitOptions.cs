namespace Spm.Coordinator.Options;

/// <summary>Per-host protection, section <c>Coordinator:HostLimits</c> (live values come from the policy).</summary>
internal sealed class HostLimitOptions
{
    /// <summary>Sustained extend requests per second a host may send (token bucket refill).</summary>
    public double RequestsPerSecond { get; set; } = 50;

    /// <summary>Requests a host may send in a burst (token bucket size).</summary>
    public int RequestBurst { get; set; } = 200;

    /// <summary>How many MiB of growth one host may obtain per <see cref="GrowthWindow"/> (default 1 TiB).</summary>
    public long GrowthBudgetMib { get; set; } = 1024L * 1024;

    /// <summary>The window over which <see cref="GrowthBudgetMib"/> refills.</summary>
    public TimeSpan GrowthWindow { get; set; } = TimeSpan.FromMinutes(10);
}
