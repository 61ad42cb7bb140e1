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
    public void P99_FewerThanTheMinimumSamples_IsAtLeastTheInitialLatency()
    {
        var tracker = new ExtensionLatencyTracker(new FakeTimeProvider());
        for (var i = 0; i < Options.MinLatencySamples - 1; i++)
        {
            tracker.Record(TimeSpan.FromMilliseconds(100), Options);
        }

        Assert.Equal(Options.InitialExtensionLatency, tracker.P99(Options));
        tracker.Record(TimeSpan.FromMilliseconds(100), Options);
        Assert.Equal(TimeSpan.FromMilliseconds(100), tracker.P99(Options));
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
