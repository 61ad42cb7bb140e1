namespace Spm.Coordinator.Options;

/// <summary>The bounds of the per-host limits, shared by the options validator and the policy.</summary>
internal static class HostLimitRules
{
    /// <summary>Every violated bound, each naming its setting (relative to the section).</summary>
    public static IEnumerable<string> Check(double requestsPerSecond, int requestBurst, long growthBudgetMib, TimeSpan growthWindow)
    {
        if (!double.IsFinite(requestsPerSecond) || requestsPerSecond <= 0 || requestsPerSecond > 1_000_000)
        {
            yield return $"RequestsPerSecond must be within (0, 1000000] (got {requestsPerSecond}).";
        }

        if (requestBurst is < 1 or > 1_000_000)
        {
            yield return $"RequestBurst must be within 1..1000000 (got {requestBurst}).";
        }

        if (growthBudgetMib <= 0)
        {
            yield return $"GrowthBudgetMib must be positive (got {growthBudgetMib}).";
        }

        if (growthWindow < TimeSpan.FromSeconds(1) || growthWindow > TimeSpan.FromDays(7))
        {
            yield return $"GrowthWindow must be within [1 s, 7 days] (got {growthWindow}).";
        }
    }
}
