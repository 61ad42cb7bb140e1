using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Spm.Coordinator.Admin;
using Spm.Coordinator.Extension;
using Spm.Coordinator.Options;
using Spm.Coordinator.Policies;
using Spm.Coordinator.Store;

namespace Spm.Coordinator.Tests.Extension;

public sealed class HostLimiterTests
{
    private static (HostLimiter Limiter, FakeTimeProvider Time) Create(double rate, int burst, long budgetMib, TimeSpan window)
    {
        var options = new CoordinatorOptions();
        options.HostLimits.RequestsPerSecond = rate;
        options.HostLimits.RequestBurst = burst;
        options.HostLimits.GrowthBudgetMib = budgetMib;
        options.HostLimits.GrowthWindow = window;
        var policy = new PolicyService(Microsoft.Extensions.Options.Options.Create(options), new NoPolicyStore(), NullLogger<PolicyService>.Instance);
        var time = new FakeTimeProvider();
        return (new HostLimiter(policy, time), time);
    }

    [Fact]
    public void TryAcquireRequest_BurstExhausted_RejectsUntilRefilled()
    {
        var (limiter, time) = Create(rate: 2, burst: 3, budgetMib: 1000, TimeSpan.FromMinutes(1));

        Assert.Null(limiter.TryAcquireRequest(1));
        Assert.Null(limiter.TryAcquireRequest(1));
        Assert.Null(limiter.TryAcquireRequest(1));
        var rejected = limiter.TryAcquireRequest(1);
        Assert.NotNull(rejected);
        Assert.Equal(RejectionReason.RateLimited, rejected.Reason);
        Assert.Contains("host 1 exceeded its rate limit", rejected.Detail, StringComparison.Ordinal);

        // Another host has its own bucket.
        Assert.Null(limiter.TryAcquireRequest(2));

        time.Advance(TimeSpan.FromMilliseconds(500)); // 2/s: one token back
        Assert.Null(limiter.TryAcquireRequest(1));
        Assert.NotNull(limiter.TryAcquireRequest(1));
    }

    [Fact]
    public void CheckGrowth_BudgetSpent_RejectsUntilTheWindowRefillsIt()
    {
        var (limiter, time) = Create(rate: 100, burst: 100, budgetMib: 1000, TimeSpan.FromSeconds(100));

        Assert.Null(limiter.CheckGrowth(7, 600));
        limiter.ChargeGrowth(7, 600);
        Assert.Null(limiter.CheckGrowth(7, 400));
        limiter.ChargeGrowth(7, 400);
        var rejected = limiter.CheckGrowth(7, 50);
        Assert.NotNull(rejected);
        Assert.Equal(RejectionReason.GrowthBudget, rejected.Reason);
        Assert.Contains("growth budget", rejected.Detail, StringComparison.Ordinal);
        Assert.Null(limiter.CheckGrowth(8, 50));

        time.Advance(TimeSpan.FromSeconds(10)); // 10 MiB/s
        Assert.Null(limiter.CheckGrowth(7, 100));
        Assert.NotNull(limiter.CheckGrowth(7, 101));
    }

    private sealed class NoPolicyStore : IPolicyStore
    {
        public Task<StoredPolicy?> ReadAsync(string poolId, CancellationToken cancellationToken) => Task.FromResult<StoredPolicy?>(null);

        public Task<bool> WriteAsync(LeaseFence fence, string settingsJson, CancellationToken cancellationToken) => Task.FromResult(true);
    }
}
