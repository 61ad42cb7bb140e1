using Spm.Coordinator.Policies;

namespace Spm.Coordinator.Extension;

/// <summary>
/// Per-host protection: a request-rate token bucket and a growth budget (MiB per window, refilled
/// continuously) so one misbehaving host cannot drain a VG. Limits come live from the policy.
/// </summary>
internal sealed class HostLimiter(PolicyService policy, TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, (TokenBucket Requests, TokenBucket Growth)> _hosts = [];

    /// <summary>Counts one request of <paramref name="hostId"/>; a reason when it is over its rate.</summary>
    public Rejection? TryAcquireRequest(int hostId)
    {
        var p = policy.Current;
        lock (_gate)
        {
            var buckets = Get(hostId, p.HostRequestBurst, p.HostGrowthBudgetMib);
            return buckets.Requests.TryTake(1, p.HostRequestBurst, p.HostRequestsPerSecond)
                ? null
                : new Rejection(RejectionReason.RateLimited, $"host {hostId} exceeded its rate limit ({p.HostRequestsPerSecond}/s, burst {p.HostRequestBurst})");
        }
    }

    /// <summary>Checks that <paramref name="growthMib"/> fits the host's growth budget; a reason when not.</summary>
    public Rejection? CheckGrowth(int hostId, long growthMib)
    {
        var p = policy.Current;
        lock (_gate)
        {
            var buckets = Get(hostId, p.HostRequestBurst, p.HostGrowthBudgetMib);
            var available = buckets.Growth.Available(p.HostGrowthBudgetMib, GrowthPerSecond(p.HostGrowthBudgetMib, p.HostGrowthWindow));
            return growthMib <= available
                ? null
                : new Rejection(RejectionReason.GrowthBudget, $"host {hostId} exceeded its growth budget ({p.HostGrowthBudgetMib} MiB per {p.HostGrowthWindow}; {Math.Floor(available)} MiB left, {growthMib} MiB asked)");
        }
    }

    /// <summary>Charges growth that happened.</summary>
    public void ChargeGrowth(int hostId, long growthMib)
    {
        var p = policy.Current;
        lock (_gate)
        {
            Get(hostId, p.HostRequestBurst, p.HostGrowthBudgetMib).Growth.Take(growthMib);
        }
    }

    private static double GrowthPerSecond(long budgetMib, TimeSpan window) => budgetMib / window.TotalSeconds;

    private (TokenBucket Requests, TokenBucket Growth) Get(int hostId, int burst, long budget)
    {
        if (!_hosts.TryGetValue(hostId, out var buckets))
        {
            buckets = (new TokenBucket(burst, timeProvider), new TokenBucket(budget, timeProvider));
            _hosts[hostId] = buckets;
        }

        return buckets;
    }
}
