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
    public void P99_FewSamplesOlderThanTheWindow_TheNewestMinLatencySamplesStay()
    {
        // One busy drive extending every 3 s has 3-4 extensions in a 10 s window: it keeps planning from its last 8 (the
        // p99 itself), not from the start-up estimate (the longest x up to BootstrapLatencyFactor).
        var time = new FakeTimeProvider();
        var tracker = new ExtensionLatencyTracker(time);
        for (var i = 0; i < Options.MinLatencySamples + 2; i++)
        {
            tracker.Record(TimeSpan.FromMilliseconds(i == 3 ? 900 : 500), Options);
            time.Advance(TimeSpan.FromSeconds(3));
        }

        Assert.Equal(Options.MinLatencySamples, tracker.Count);
        Assert.Equal(TimeSpan.FromMilliseconds(900), tracker.P99(Options));
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

    [Fact]
    public void Estimate_NothingInFlight_IsTheP99()
    {
        var tracker = Measured(new FakeTimeProvider(), TimeSpan.FromMilliseconds(300));

        Assert.Equal(TimeSpan.FromMilliseconds(300), tracker.Estimate(Options));
        Assert.Equal(TimeSpan.Zero, tracker.LongestInFlight());
    }

    [Fact]
    public void Estimate_ExtensionInFlightLongerThanTheP99_IsItsElapsedTimeUntilItEnds()
    {
        var time = new FakeTimeProvider();
        var tracker = Measured(time, TimeSpan.FromMilliseconds(300));
        var id = tracker.Begin(time.GetUtcNow());

        time.Advance(TimeSpan.FromMilliseconds(200));
        var shorter = tracker.Estimate(Options);
        time.Advance(TimeSpan.FromMilliseconds(2800));
        var longer = tracker.Estimate(Options);
        tracker.End(id);

        Assert.Equal(TimeSpan.FromMilliseconds(300), shorter); // within the estimate: no change
        Assert.Equal(TimeSpan.FromSeconds(3), longer); // a slowdown seen before any extension completes
        Assert.Equal(TimeSpan.FromMilliseconds(300), tracker.Estimate(Options)); // ended without a record: back to the p99
        Assert.Equal(0, tracker.InFlight);
    }

    [Fact]
    public void Estimate_SeveralInFlight_TheOldestCounts_FromWhenItStarted()
    {
        var time = new FakeTimeProvider();
        var tracker = Measured(time, TimeSpan.FromMilliseconds(100));
        var crossed = time.GetUtcNow();
        time.Advance(TimeSpan.FromSeconds(1));
        var newer = tracker.Begin(time.GetUtcNow());
        var older = tracker.Begin(crossed); // its threshold was crossed a second before its loop began
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(2, tracker.InFlight);
        Assert.Equal(TimeSpan.FromSeconds(2), tracker.Estimate(Options));
        tracker.End(older);
        tracker.End(older); // twice: harmless
        Assert.Equal(TimeSpan.FromSeconds(1), tracker.Estimate(Options));
        tracker.End(newer);
        Assert.Equal(TimeSpan.FromMilliseconds(100), tracker.Estimate(Options));
    }

    [Fact]
    public void Estimate_StartInTheFuture_CountsAsZero()
    {
        var time = new FakeTimeProvider();
        var tracker = Measured(time, TimeSpan.FromMilliseconds(100));
        tracker.Begin(time.GetUtcNow() + TimeSpan.FromSeconds(5));

        Assert.Equal(TimeSpan.Zero, tracker.LongestInFlight());
        Assert.Equal(TimeSpan.FromMilliseconds(100), tracker.Estimate(Options));
    }

    [Fact]
    public void Estimate_Property_IsTheLongerOfTheP99AndTheOldestInFlight()
    {
        Gen.Select(Gen.Int[0, 5000].Array[0, 20], Gen.Int[0, 10_000].Array[0, 5], Gen.Int[0, 10_000])
            .Sample((recorded, startedMsAgo, endFirst) =>
            {
                var time = new FakeTimeProvider();
                time.Advance(TimeSpan.FromSeconds(20));
                var tracker = new ExtensionLatencyTracker(time);
                foreach (var ms in recorded)
                {
                    tracker.Record(TimeSpan.FromMilliseconds(ms), Options);
                }

                var ids = startedMsAgo.Select(ms => (Id: tracker.Begin(time.GetUtcNow() - TimeSpan.FromMilliseconds(ms)), Ms: ms)).ToList();
                var open = ids;
                if (ids.Count > 0 && endFirst % 2 == 0)
                {
                    tracker.End(ids[0].Id);
                    open = ids.Skip(1).ToList();
                }

                var longest = open.Count == 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(open.Max(i => i.Ms));
                var p99 = tracker.P99(Options);
                return tracker.Estimate(Options) == (longest > p99 ? longest : p99) && tracker.InFlight == open.Count;
            });
    }

    private static ExtensionLatencyTracker Measured(FakeTimeProvider time, TimeSpan each)
    {
        var tracker = new ExtensionLatencyTracker(time);
        for (var i = 0; i < Options.MinLatencySamples; i++)
        {
            tracker.Record(each, Options);
        }

        return tracker;
    }
}
