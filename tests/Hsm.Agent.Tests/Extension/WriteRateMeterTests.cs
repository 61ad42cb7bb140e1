using CsCheck;
using Hsm.Agent.Extension;
using Hsm.Agent.Options;
using Microsoft.Extensions.Time.Testing;

namespace Hsm.Agent.Tests.Extension;

public sealed class WriteRateMeterTests
{
    private const double Mib = 1 << 20;
    private static readonly AdaptiveGrowthOptions Options = new();

    [Fact]
    public void BytesPerSecond_NoSamples_IsZero()
    {
        var meter = new WriteRateMeter(new FakeTimeProvider());

        meter.Observe(123, Options);

        Assert.Equal(0, meter.BytesPerSecond);
        Assert.Equal(0, meter.Intervals);
    }

    [Fact]
    public void Observe_SteadyWriter_MeasuresItsRateAfterTwoIntervals()
    {
        var time = new FakeTimeProvider();
        var meter = new WriteRateMeter(time);

        Feed(meter, time, 0, 100 * Mib, TimeSpan.FromSeconds(1), 2);

        Assert.Equal(100 * Mib, meter.BytesPerSecond, 1e-6);
    }

    [Fact]
    public void Observe_IrregularSamplesOfASteadyWriter_MeasureTheSameRate()
    {
        var time = new FakeTimeProvider();
        var meter = new WriteRateMeter(time);
        double allocation = 0;
        meter.Observe(0, Options);
        foreach (var ms in new[] { 1000, 70, 333, 2500, 60, 900, 1200 })
        {
            time.Advance(TimeSpan.FromMilliseconds(ms));
            allocation += 50 * Mib * ms / 1000.0;
            meter.Observe((long)allocation, Options);
        }

        Assert.Equal(50 * Mib, meter.BytesPerSecond, 50 * Mib * 1e-6);
    }

    [Fact]
    public void Observe_SingleJumpOfTheAllocation_DoesNotRaiseTheEstimate()
    {
        var time = new FakeTimeProvider();
        var meter = new WriteRateMeter(time);
        var end = Feed(meter, time, 0, 10 * Mib, TimeSpan.FromSeconds(1), 5);

        time.Advance(TimeSpan.FromSeconds(1));
        meter.Observe(end + (40L << 30), Options); // a write 40 GiB further
        var afterJump = meter.BytesPerSecond;
        Feed(meter, time, end + (40L << 30), 10 * Mib, TimeSpan.FromSeconds(1), 3, observeStart: false);

        Assert.Equal(10 * Mib, afterJump, 1e-6);
        Assert.Equal(10 * Mib, meter.BytesPerSecond, 1e-6);
    }

    [Fact]
    public void Observe_SustainedRise_IsFollowedAtOnce()
    {
        var time = new FakeTimeProvider();
        var meter = new WriteRateMeter(time);
        var end = Feed(meter, time, 0, 1 * Mib, TimeSpan.FromSeconds(1), 5);

        Feed(meter, time, end, 2048 * Mib, TimeSpan.FromSeconds(1), 2, observeStart: false);

        Assert.Equal(2048 * Mib, meter.BytesPerSecond, 1e-3);
    }

    [Fact]
    public void Observe_IdleAfterWriting_DecaysTowardsZero()
    {
        var time = new FakeTimeProvider();
        var meter = new WriteRateMeter(time);
        var end = Feed(meter, time, 0, 1024 * Mib, TimeSpan.FromSeconds(1), 3);
        var busy = meter.BytesPerSecond;

        Feed(meter, time, end, 0, TimeSpan.FromSeconds(1), 60, observeStart: false);
        var afterOneDecayTime = meter.BytesPerSecond;
        Feed(meter, time, end, 0, TimeSpan.FromSeconds(1), 240, observeStart: false);

        Assert.InRange(afterOneDecayTime, busy * 0.30, busy * 0.45); // e^-1 after RateDecayTime (60 s)
        Assert.True(meter.BytesPerSecond < busy * 0.01);
    }

    [Fact]
    public void Observe_OneSampleAfterALongIdlePeriod_DropsTheEstimate()
    {
        var time = new FakeTimeProvider();
        var meter = new WriteRateMeter(time);
        var end = Feed(meter, time, 0, 1024 * Mib, TimeSpan.FromSeconds(1), 3);

        time.Advance(TimeSpan.FromMinutes(30));
        meter.Observe(end, Options);

        Assert.True(meter.BytesPerSecond < 1024 * Mib * 1e-6);
    }

    [Fact]
    public void Observe_SamplesCloserThanTheMinimumInterval_AreMerged()
    {
        var time = new FakeTimeProvider();
        var meter = new WriteRateMeter(time);
        meter.Observe(0, Options);
        time.Advance(TimeSpan.FromMilliseconds(1));
        meter.Observe(100L << 20, Options); // 100 GiB/s over 1 ms: not an interval of its own

        Assert.Equal(0, meter.Intervals);
    }

    [Fact]
    public void Observe_FasterThanPlausible_CountsAsTheMaximumRate()
    {
        var time = new FakeTimeProvider();
        var meter = new WriteRateMeter(time);

        Feed(meter, time, 0, 100_000 * Mib, TimeSpan.FromSeconds(1), 3);

        Assert.Equal(Options.MaxRateMibps * Mib, meter.BytesPerSecond, 1e-3);
    }

    [Fact]
    public void Observe_AllocationGoesDown_StartsOverWithoutANegativeRate()
    {
        var time = new FakeTimeProvider();
        var meter = new WriteRateMeter(time);
        var end = Feed(meter, time, 0, 100 * Mib, TimeSpan.FromSeconds(1), 3);

        time.Advance(TimeSpan.FromSeconds(1));
        meter.Observe(end / 10, Options);

        Assert.Equal(100 * Mib, meter.BytesPerSecond, 1e-6);
        Assert.Equal(end / 10, meter.LastAllocation);
    }

    [Fact]
    public void Observe_Property_EstimateIsNeverNegativeNorAboveTheMaximum()
    {
        Gen.Select(Gen.Long[0, 1L << 40].Array[1, 50], Gen.Int[0, 5000].Array[50])
            .Sample((allocations, gapsMs) =>
            {
                var time = new FakeTimeProvider();
                var meter = new WriteRateMeter(time);
                for (var i = 0; i < allocations.Length; i++)
                {
                    time.Advance(TimeSpan.FromMilliseconds(gapsMs[i]));
                    meter.Observe(allocations[i], Options);
                    if (meter.BytesPerSecond < 0 || meter.BytesPerSecond > Options.MaxRateMibps * Mib || !double.IsFinite(meter.BytesPerSecond))
                    {
                        return false;
                    }
                }

                return true;
            });
    }

    /// <summary>Observes a writer at <paramref name="rate"/> every <paramref name="every"/>, <paramref name="intervals"/> times; returns the last allocation.</summary>
    private static long Feed(WriteRateMeter meter, FakeTimeProvider time, long start, double rate, TimeSpan every, int intervals, bool observeStart = true)
    {
        if (observeStart)
        {
            meter.Observe(start, Options);
        }

        double allocation = start;
        for (var i = 0; i < intervals; i++)
        {
            time.Advance(every);
            allocation += rate * every.TotalSeconds;
            meter.Observe((long)allocation, Options);
        }

        return (long)allocation;
    }
}
