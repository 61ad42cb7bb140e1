using CsCheck;
using Hsm.Agent.Extension;
using Hsm.Agent.Monitoring;
using Hsm.Agent.Options;

namespace Hsm.Agent.Tests.Extension;

public sealed class AdaptiveChunkPolicyTests
{
    private const long Mib = ExtensionMath.Mib;
    private const long Gib = 1024 * Mib;
    private static readonly AdaptiveGrowthOptions Options = new();

    private static readonly Gen<AdaptiveGrowthOptions> GenOptions =
        Gen.Select(Gen.Long[1, 8192], Gen.Long[0, 65536], Gen.Long[1, 8192], Gen.Double[1, 10], Gen.Int[0, 10_000], Gen.Int[0, 10_000])
            .Select((min, extra, headroom, margin, intervalMs, headroomMs) => new AdaptiveGrowthOptions
            {
                MinChunkMib = min,
                MaxChunkMib = min + extra,
                MinHeadroomMib = Math.Min(headroom, min + extra),
                Margin = margin,
                MinExtensionInterval = TimeSpan.FromMilliseconds(intervalMs),
                MinHeadroomTime = TimeSpan.FromMilliseconds(headroomMs),
            });

    private static readonly Gen<double> GenRate = Gen.OneOf(Gen.Const(0.0), Gen.Double[0, 4096].Select(r => r * Mib));

    [Fact]
    public void Decide_IdleDrive_GetsTheMinimumChunkAndHeadroom()
    {
        var d = AdaptiveChunkPolicy.Decide(10 * Gib, 100 * Gib, 0, TimeSpan.FromMilliseconds(300), Options);

        Assert.Equal(Options.MinChunkMib * Mib, d.ChunkBytes);
        Assert.Equal(Options.MinHeadroomMib * Mib, d.LimitBytes);
        Assert.Equal(10 * Gib + d.ChunkBytes, d.NextSizeBytes);
        Assert.Equal(10 * Gib - d.LimitBytes, d.ThresholdBytes);
        Assert.False(d.Capped);
    }

    [Fact]
    public void Decide_TwoGibPerSecondAtP99Of2Seconds_KeepsTheWritesOfMarginTimesThatFree()
    {
        var d = AdaptiveChunkPolicy.Decide(10 * Gib, 1024 * Gib, 2 * Gib, TimeSpan.FromSeconds(2), Options);

        Assert.True(2 * Options.Margin > Options.MinHeadroomTime.TotalSeconds);
        Assert.Equal((long)Math.Ceiling(2 * 1024 * 2 * Options.Margin) * Mib, d.LimitBytes);
        // What is written during an extension up to Margin x the p99, more than MinExtensionInterval: with the
        // headroom, two such extensions in a row.
        Assert.Equal(d.LimitBytes, d.ChunkBytes);
    }

    [Fact]
    public void Decide_QuietStretchOfFastExtensions_AFastDriveKeepsMinHeadroomTimeOfWritingFree()
    {
        // p99 100 ms x margin is far below MinHeadroomTime (2 s): 2 GiB/s keeps 4 GiB free, not the 1 GiB minimum
        // (0.5 s), so that extensions getting slower again are covered up to 2 s before the tracker has seen them.
        var d = AdaptiveChunkPolicy.Decide(10 * Gib, 1024 * Gib, 2 * Gib, TimeSpan.FromMilliseconds(100), Options);

        Assert.Equal((long)(2 * 1024 * Options.MinHeadroomTime.TotalSeconds) * Mib, d.LimitBytes);
        Assert.Equal((long)(2 * 1024 * Options.MinExtensionInterval.TotalSeconds) * Mib, d.ChunkBytes); // MinExtensionInterval of writing
    }

    [Fact]
    public void Decide_SlowDriveAfterAQuietStretch_KeepsTheMinimumHeadroom()
    {
        // 256 MiB/s x 2 s = 512 MiB: below MinHeadroomMib, which wins.
        var d = AdaptiveChunkPolicy.Decide(10 * Gib, 1024 * Gib, 256 * Mib, TimeSpan.FromMilliseconds(100), Options);

        Assert.Equal(Options.MinHeadroomMib * Mib, d.LimitBytes);
    }

    [Fact]
    public void Decide_SlowerExtensionsWithinTheInterval_GrowTheHeadroomNotTheChunk()
    {
        // 2 GiB/s, no time floor: p99 x margin 0.525 s and 0.875 s, both below MinExtensionInterval: the headroom grows,
        // the chunk stays.
        var options = new AdaptiveGrowthOptions { MinHeadroomTime = TimeSpan.Zero };
        var quiet = AdaptiveChunkPolicy.Decide(10 * Gib, 1024 * Gib, 2 * Gib, TimeSpan.FromMilliseconds(300), options);
        var loaded = AdaptiveChunkPolicy.Decide(10 * Gib, 1024 * Gib, 2 * Gib, TimeSpan.FromMilliseconds(500), options);

        Assert.True(loaded.LimitBytes > quiet.LimitBytes);
        Assert.Equal(quiet.ChunkBytes, loaded.ChunkBytes);
    }

    [Fact]
    public void Decide_ExtensionsSlowerThanTheInterval_TheChunkCoversWhatIsWrittenMeanwhile()
    {
        var d = AdaptiveChunkPolicy.Decide(10 * Gib, 1024 * Gib, 2 * Gib, TimeSpan.FromSeconds(3), Options);

        Assert.Equal((long)(2 * 1024 * 3 * Options.Margin) * Mib, d.ChunkBytes); // not 2 GiB: extensions back to back would fall behind
    }

    [Fact]
    public void Decide_NearTheCap_TheCapWins()
    {
        var capacity = 20 * Gib;
        var d = AdaptiveChunkPolicy.Decide(21 * Gib, capacity, 2 * Gib, TimeSpan.FromSeconds(1), Options);

        Assert.Equal(ExtensionMath.MaxSize(capacity), d.NextSizeBytes);
        Assert.True(d.Capped);
    }

    [Fact]
    public void Decide_NonsenseRateOrLatency_CountsAsIdle()
    {
        var idle = AdaptiveChunkPolicy.Decide(Gib, 100 * Gib, 0, TimeSpan.Zero, Options);

        Assert.Equal(idle, AdaptiveChunkPolicy.Decide(Gib, 100 * Gib, double.NaN, TimeSpan.Zero, Options));
        Assert.Equal(idle, AdaptiveChunkPolicy.Decide(Gib, 100 * Gib, -5, TimeSpan.FromSeconds(-1), Options) with { ExtensionP99 = TimeSpan.Zero });
    }

    [Fact]
    public void Decide_Property_NeverBeyondTheCap()
    {
        Gen.Select(Gen.Long[0, 1L << 44], Gen.Long[0, 1L << 44], GenRate, Gen.Int[0, 10_000], GenOptions)
            .Sample((physical, capacity, rate, p99Ms, options) =>
                AdaptiveChunkPolicy.Decide(physical, capacity, rate, TimeSpan.FromMilliseconds(p99Ms), options).NextSizeBytes
                    <= Math.Max(ExtensionMath.MaxSize(capacity), ExtensionMath.RoundUp(physical, Mib)));
    }

    [Fact]
    public void Decide_Property_NeverBelowTheMinimumChunkUnlessCapped()
    {
        Gen.Select(Gen.Long[0, 1L << 44].Select(p => p / Mib * Mib), Gen.Long[0, 1L << 44], GenRate, Gen.Int[0, 10_000], GenOptions)
            .Sample((physical, capacity, rate, p99Ms, options) =>
            {
                var d = AdaptiveChunkPolicy.Decide(physical, capacity, rate, TimeSpan.FromMilliseconds(p99Ms), options);
                var grown = d.NextSizeBytes - physical;
                return d.Capped
                    ? d.NextSizeBytes == ExtensionMath.MaxSize(capacity)
                    : grown >= options.MinChunkMib * Mib && grown <= options.MaxChunkMib * Mib && grown == d.ChunkBytes;
            });
    }

    [Fact]
    public void Decide_Property_ChunkAndLimitGrowWithTheRate()
    {
        Gen.Select(GenRate, GenRate, Gen.Int[0, 10_000], GenOptions)
            .Sample((a, b, p99Ms, options) =>
            {
                var (low, high) = a <= b ? (a, b) : (b, a);
                var p99 = TimeSpan.FromMilliseconds(p99Ms);
                var dl = AdaptiveChunkPolicy.Decide(10 * Gib, 1L << 44, low, p99, options);
                var dh = AdaptiveChunkPolicy.Decide(10 * Gib, 1L << 44, high, p99, options);
                return dh.ChunkBytes >= dl.ChunkBytes && dh.LimitBytes >= dl.LimitBytes;
            });
    }

    [Fact]
    public void Decide_Property_HeadroomCoversTheExposureAndTheChunkCoversTheIntervalAndTheExtension()
    {
        Gen.Select(GenRate, Gen.Int[0, 10_000], GenOptions)
            .Sample((rate, p99Ms, options) =>
            {
                var d = AdaptiveChunkPolicy.Decide(10 * Gib, 1L << 44, rate, TimeSpan.FromMilliseconds(p99Ms), options);
                var exposure = rate * Math.Max(p99Ms / 1000.0 * options.Margin, options.MinHeadroomTime.TotalSeconds);
                var written = rate * Math.Max(p99Ms / 1000.0 * options.Margin, options.MinExtensionInterval.TotalSeconds);
                var max = options.MaxChunkMib * Mib;
                return d.LimitBytes >= Math.Min(exposure, max) - 1
                    && d.LimitBytes >= Math.Min(options.MinHeadroomMib, options.MaxChunkMib) * Mib
                    && d.ChunkBytes >= Math.Min(written, max) - 1
                    && d.ChunkBytes >= options.MinChunkMib * Mib
                    && d.ThresholdBytes == Math.Max(1, (10 * Gib) - d.LimitBytes);
            });
    }

    [Fact]
    public void Decide_Property_AnExtensionInFlightLongerThanTheP99_RaisesHeadroomAndChunk_NeverBeyondTheCapOrMaxChunk()
    {
        // The tracker's estimate with an extension of the agent in flight for inFlightMs: sizing from it never gives less
        // than from the p99 alone, more once the elapsed time times the margin passes the floors, and the cap and
        // MaxChunk still bound it (an extension stuck for an hour included).
        Gen.Select(Gen.Long[0, 1L << 44].Select(p => p / Mib * Mib), Gen.Long[0, 1L << 44], GenRate, Gen.Int[1, 5000], Gen.Int[0, 3_600_000], GenOptions)
            .Sample((physical, capacity, rate, p99Ms, inFlightMs, options) =>
            {
                var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
                var tracker = new ExtensionLatencyTracker(time);
                options.MinLatencySamples = 1;
                tracker.Record(TimeSpan.FromMilliseconds(p99Ms), options);
                var alone = AdaptiveChunkPolicy.Decide(physical, capacity, rate, tracker.Estimate(options), options);
                tracker.Begin(time.GetUtcNow());
                time.Advance(TimeSpan.FromMilliseconds(inFlightMs));
                var estimate = tracker.Estimate(options);
                var d = AdaptiveChunkPolicy.Decide(physical, capacity, rate, estimate, options);
                var raised = inFlightMs > p99Ms && rate * inFlightMs / 1000.0 * options.Margin > (alone.LimitBytes + Mib) && alone.LimitBytes < options.MaxChunkMib * Mib;
                return estimate == TimeSpan.FromMilliseconds(Math.Max(p99Ms, inFlightMs))
                    && d.LimitBytes >= alone.LimitBytes && d.ChunkBytes >= alone.ChunkBytes
                    && (!raised || d.LimitBytes > alone.LimitBytes)
                    && d.LimitBytes <= Math.Max(options.MinChunkMib, options.MaxChunkMib) * Mib
                    && d.NextSizeBytes <= Math.Max(ExtensionMath.MaxSize(capacity), ExtensionMath.RoundUp(physical, Mib));
            });
    }
}
