using CsCheck;
using Hsm.Agent.Extension;
using Hsm.Agent.Options;
using Microsoft.Extensions.Time.Testing;

namespace Hsm.Agent.Tests.Extension;

public sealed class ExtensionLatencyTrackerTests
{
    private static readonly AdaptiveGrowthOptions Options = new();

    [Fact]
    public void P99_NothingMeasured_IsTheInitialLatency()
    {
        Assert.Equal(Options.InitialExtensionLatency, new ExtensionLatencyTracker(new FakeTimeProvider()).P99(Options));
    }

    [Fact]
    public void P99_FewerThanTheMinimumSamples_IsTheLongestSeenTimesAFactorDecayingToOne()
    {
        var tracker = new ExtensionLatencyTracker(new FakeTimeProvider());
        var n = Options.MinLatencySamples;
        var expected = new List<TimeSpan>();
        var seen = new List<TimeSpan>();
        for (var i = 1; i <= n; i++)
        {
            tracker.Record(TimeSpan.FromMilliseconds(100), Options);
            seen.Add(tracker.P99(Options));
            expected.Add(TimeSpan.FromMilliseconds(100) * (1 + ((Options.BootstrapLatencyFactor - 1) * (n - i) / n)));
        }

        Assert.Equal(expected, seen);
        Assert.Equal(TimeSpan.FromMilliseconds(100) * (1 + ((Options.BootstrapLatencyFactor - 1) * (n - 1) / n)), seen[0]);
        Assert.Equal(TimeSpan.FromMilliseconds(100), seen[^1]); // the p99 itself from MinLatencySamples on
    }

    [Fact]
    public void P99_FirstMeasurement_ReplacesThePriorEitherWay()
    {
        var fast = new ExtensionLatencyTracker(new FakeTimeProvider());
        var slow = new ExtensionLatencyTracker(new FakeTimeProvider());
        fast.Record(TimeSpan.FromMilliseconds(150), Options);
        slow.Record(TimeSpan.FromSeconds(3), Options);

        Assert.True(fast.P99(Options) < Options.InitialExtensionLatency);
        Assert.True(slow.P99(Options) > TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void P99_Property_WhileBootstrapping_AtLeastTheLongestSeenAndAtMostTheFactorTimesIt()
    {
        Gen.Int[0, 5000].Array[1, 7].Sample(ms =>
        {
            var tracker = new ExtensionLatencyTracker(new FakeTimeProvider());
            foreach (var m in ms)
            {
                tracker.Record(TimeSpan.FromMilliseconds(m), Options);
            }

            var longest = TimeSpan.FromMilliseconds(ms.Max());
            var p99 = tracker.P99(Options);
            return p99 >= longest && p99 <= longest * Options.BootstrapLatencyFactor;
        });
    }

    [Fact]
    public void P99_HundredSamples_IsTheNearestRank()
    {
        var tracker = new ExtensionLatencyTracker(new FakeTimeProvider());
        for (var ms = 100; ms >= 1; ms--)
        {
            tracker.Record(TimeSpan.FromMilliseconds(ms), Options);
        }

        Assert.Equal(TimeSpan.FromMilliseconds(99), tracker.P99(Options));
    }

    [Fact]
    public void P99_OldSamples_LeaveTheWindow()
    {
        var time = new FakeTimeProvider();
        var tracker = new ExtensionLatencyTracker(time);
        var options = new AdaptiveGrowthOptions { MinLatencySamples = 1 };
        tracker.Record(TimeSpan.FromSeconds(5), options); // a failover, long ago
        time.Advance(options.LatencyWindow + TimeSpan.FromSeconds(1));
        tracker.Record(TimeSpan.FromMilliseconds(200), options);

        Assert.Equal(TimeSpan.FromMilliseconds(200), tracker.P99(options));
        Assert.Equal(1, tracker.Count);
    }

    [Fact]
    public void Record_BeyondTheCapacity_KeepsTheNewest()
    {
        var tracker = new ExtensionLatencyTracker(new FakeTimeProvider());
        var options = new AdaptiveGrowthOptions { LatencySamples = 10, MinLatencySamples = 1 };
        tracker.Record(TimeSpan.FromSeconds(9), options);
        for (var i = 0; i < 10; i++)
        {
            tracker.Record(TimeSpan.FromMilliseconds(300), options);
        }

        Assert.Equal(10, tracker.Count);
        Assert.Equal(TimeSpan.FromMilliseconds(300), tracker.P99(options));
    }

    [Fact]
    public void Record_NegativeDuration_CountsAsZero()
    {
        var tracker = new ExtensionLatencyTracker(new FakeTimeProvider());
        var options = new AdaptiveGrowthOptions { MinLatencySamples = 1 };

        tracker.Record(TimeSpan.FromSeconds(-1), options);

        Assert.Equal(TimeSpan.Zero, tracker.P99(options));
    }
}
