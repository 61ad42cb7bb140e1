using CsCheck;
using Hsm.Agent.Monitoring;
using Hsm.Agent.Options;

namespace Hsm.Agent.Tests.Extension;

/// <summary>
/// The adaptive policy over simulated timelines of write rates and extension latencies (see <see cref="GrowthTimeline"/>),
/// alone and against the reference's fixed 2.5 GiB chunk on the same timeline. Every timeline starts with no
/// measured extension (the bootstrap).
/// </summary>
public sealed class AdaptiveGrowthTimelineTests
{
    private const double Mib = 1 << 20;
    private const long Gib = 1L << 30;
    private const long FixedChunkMib = 2560;

    /// <summary>The bench's mix of write rates, MiB/s.</summary>
    private static readonly double[] BenchRates = [0, 1, 16, 128, 512, 1024, 2048];

    /// <summary>
    /// Extension latencies as measured end to end on the bench machine when quiet: mostly 80-200 ms, a tail to 350 ms
    /// and 1 % up to 450 ms (below MinHeadroom / 2 GiB/s = 0.5 s, what a drive going from idle to 2 GiB/s at once has).
    /// </summary>
    private static Func<TimeSpan> Latencies(int seed)
    {
        var random = new Random(seed);
        return () =>
        {
            var p = random.NextDouble();
            var ms = p < 0.90 ? 80 + (random.NextDouble() * 120) : p < 0.99 ? 200 + (random.NextDouble() * 150) : 350 + (random.NextDouble() * 100);
            return TimeSpan.FromMilliseconds(ms);
        };
    }

    /// <summary>Extension latencies of the loaded machine: 60 % 0.3-0.8 s, 35 % 0.8-1.5 s, 5 % 1.5-2 s.</summary>
    private static Func<TimeSpan> Loaded(int seed)
    {
        var random = new Random(seed);
        return () =>
        {
            var p = random.NextDouble();
            var ms = p < 0.60 ? 300 + (random.NextDouble() * 500) : p < 0.95 ? 800 + (random.NextDouble() * 700) : 1500 + (random.NextDouble() * 500);
            return TimeSpan.FromMilliseconds(ms);
        };
    }

    private static readonly Gen<(double Mibps, int Seconds)[]> GenSchedule =
        Gen.Select(Gen.OneOf(Gen.Const(0.0), Gen.Double[0, 2048]), Gen.Int[1, 15]).Array[1, 8];

    /// <summary>
    /// Up to 1 GiB/s: there adaptive's headroom (2 s of writing, MinHeadroomTime, with quiet latencies) is at most the
    /// fixed policy's 2 GiB; faster, it keeps 2 s of writing where fixed keeps 2 GiB (1 s at 2 GiB/s) and pauses, and
    /// the idle and slow drives pay for it over a mix (see the bench-mix tests).
    /// </summary>
    private static readonly Gen<(double Mibps, int Seconds)[]> GenScheduleOf2SecondsAtLeastUpTo1GibPerSecond =
        Gen.Select(Gen.OneOf(Gen.Const(0.0), Gen.Double[0, 1024]), Gen.Int[2, 15]).Array[1, 8];

    private static GrowthTimeline Play(GrowthTimeline timeline, (double Mibps, int Seconds)[] schedule)
    {
        foreach (var (mibps, seconds) in schedule)
        {
            timeline.Run(TimeSpan.FromSeconds(seconds), mibps * Mib);
        }

        return timeline;
    }

    [Fact]
    public void Run_RatesFromIdleTo2GibPerSecondAndBack_NoPause()
    {
        var options = new AdaptiveGrowthOptions();
        var timeline = new GrowthTimeline(options, capacity: 1024 * Gib, physical: 2 * Gib, Latencies(1));
        foreach (var mibps in new[] { 0, 1, 10, 100, 500, 1000, 2048, 1000, 100, 0, 2048, 0, 2048, 1 })
        {
            timeline.Run(TimeSpan.FromSeconds(20), mibps * Mib);
        }

        Assert.Equal(0, timeline.Pauses);
        Assert.True(timeline.Physical <= ExtensionMath.MaxSize(1024 * Gib));
        Assert.True(timeline.MinChunkSeen >= options.MinChunkMib * ExtensionMath.Mib);
    }

    [Fact]
    public void Run_IdleDrive_ShrinksItsAllocationAheadOfTheWrites()
    {
        var options = new AdaptiveGrowthOptions();
        var timeline = new GrowthTimeline(options, capacity: 1024 * Gib, physical: 2 * Gib, Latencies(2));
        timeline.Run(TimeSpan.FromSeconds(30), 1000 * Mib);
        timeline.Run(TimeSpan.FromMinutes(10), 5 * Mib);
        var physical = timeline.Physical;
        timeline.Run(TimeSpan.FromMinutes(10), 5 * Mib);

        // After the estimate decayed (and what the fast phase left ahead was written), a slow writer gets min-size
        // chunks with min headroom.
        Assert.InRange(timeline.Physical - physical, 0, (long)(600 * 5 * Mib) + (options.MinChunkMib * ExtensionMath.Mib));
        Assert.True(timeline.Physical - timeline.Watermark <= (options.MinHeadroomMib + options.MinChunkMib) * ExtensionMath.Mib);
        Assert.Equal(0, timeline.Pauses);
    }

    [Fact]
    public void Run_SmallDiskWrittenFull_StopsAtTheCapWithoutPausingBefore()
    {
        var options = new AdaptiveGrowthOptions();
        var capacity = 20 * Gib;
        var timeline = new GrowthTimeline(options, capacity, physical: 1 * Gib, Latencies(3));

        timeline.Run(TimeSpan.FromSeconds(30), 2048 * Mib);

        Assert.Equal(ExtensionMath.MaxSize(capacity), timeline.MaxPhysical);
        Assert.Equal(capacity, timeline.Watermark); // written to the end, which fits
        Assert.Equal(0, timeline.Pauses);
    }

    [Fact]
    public void Run_Property_AnyRateScheduleUpTo2GibPerSecond_NoPauseNeverBeyondTheCapNeverBelowTheMinimumChunk()
    {
        Gen.Select(GenSchedule, Gen.Int, Gen.Long[4, 400])
            .Sample((schedule, seed, capacityGib) =>
            {
                var options = new AdaptiveGrowthOptions();
                var capacity = capacityGib * Gib;
                var timeline = Play(new GrowthTimeline(options, capacity, physical: 1 * Gib, Latencies(seed)), schedule);

                return timeline.Pauses == 0
                    && timeline.MaxPhysical <= ExtensionMath.MaxSize(capacity)
                    && timeline.MinChunkSeen >= options.MinChunkMib * ExtensionMath.Mib;
            }, iter: 100);
    }

    [Fact]
    public void Run_Property_MixOfEightDrivesUpTo1GibPerSecond_LessUnwrittenSpaceThanTheFixedChunk()
    {
        // Eight drives, each with its own schedule and latencies, the same for both policies, on the same simulation;
        // the claim is the mix's: adaptive keeps less allocated but unwritten space in total. (One drive alone can
        // keep more: at about 1 GiB/s adaptive's headroom is close to fixed's 2 GiB, and a drive that stops writing
        // right after adaptive extended it and right before fixed would keeps up to 1.16 x fixed's while it is idle,
        // the worst of 200,000 schedules; 0.05 % of them kept more. No mix of eight did: the worst was 0.70.)
        // Segments of 2 s at least: within the first second an idle drive has not been extended by either policy yet.
        Gen.Select(GenScheduleOf2SecondsAtLeastUpTo1GibPerSecond, Gen.Int).Array[8]
            .Sample(drives =>
            {
                var (adaptive, fixedRun) = Unwritten(drives);
                return adaptive < fixedRun;
            }, iter: 50);
    }

    [Fact]
    public void Run_Property_AnyRateScheduleUpTo1GibPerSecond_NeverTwiceTheFixedChunksUnwrittenSpace()
    {
        // Per drive, a bound rather than an order (see the mix above): the worst of 200,000 schedules was 1.16 x.
        Gen.Select(GenScheduleOf2SecondsAtLeastUpTo1GibPerSecond, Gen.Int)
            .Sample((schedule, seed) =>
            {
                var (adaptive, fixedRun) = Unwritten([(schedule, seed)]);
                return adaptive <= 2 * fixedRun;
            }, iter: 100);
    }

    /// <summary>The unwritten byte-seconds of <paramref name="drives"/> summed, adaptive and fixed, each drive alone on its timeline.</summary>
    private static (double Adaptive, double Fixed) Unwritten(((double Mibps, int Seconds)[] Schedule, int Seed)[] drives)
    {
        double adaptive = 0;
        double fixedRun = 0;
        foreach (var (schedule, seed) in drives)
        {
            adaptive += Play(new GrowthTimeline(new AdaptiveGrowthOptions(), 1024 * Gib, physical: 1 * Gib, Latencies(seed)), schedule).UnwrittenByteSeconds;
            fixedRun += Play(GrowthTimeline.Fixed(FixedChunkMib, 1024 * Gib, physical: 1 * Gib, Latencies(seed)), schedule).UnwrittenByteSeconds;
        }

        return (adaptive, fixedRun);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(10)]
    public void Run_BenchMixOnALoadedMachine_NoPauseAfterTheWarmUpAndLessUnwrittenSpaceInAll(int seed)
    {
        // The bench's growth phase in the simulation: every rate of the mix with two volumes per policy, each at its
        // constant rate, starting as if its policy had just extended it (the watermark the policy's limit plus a quarter
        // or three quarters of its chunk below the LV size), extensions of 0.3-2 s (the same draws for both policies); a
        // warm-up (a volume starting at 2 GiB/s may pause while its rate is unknown; the bench reports the warm-up's
        // pauses apart), then 60 s measured. At the fastest rates adaptive keeps more free than fixed, which pauses
        // there; over the mix, less. (Over seeds 1..400, 10 s window: unwritten 0.86 of fixed's on average, at worst
        // 1.05, above fixed's in 10; 1 seed with a pause: the latency tail is 2 s against a margin of 1.75 x the recent
        // p99. Here each drive has its own tracker, as if alone on its agent: with few extensions in the window the
        // newest 8 are used.)
        var options = new AdaptiveGrowthOptions();
        var physical = 8 * Gib;
        double adaptiveUnwritten = 0;
        double fixedUnwritten = 0;
        var pauses = 0;
        var fixedPauses = 0;
        foreach (var mibps in BenchRates)
        {
            foreach (var share in new[] { 0.25, 0.75 })
            {
                var adaptive = new GrowthTimeline(options, 1024 * Gib, physical, Loaded(seed),
                    physical - (long)((options.MinHeadroomMib + (share * options.MinChunkMib)) * Mib));
                var fixedRun = GrowthTimeline.Fixed(FixedChunkMib, 1024 * Gib, physical, Loaded(seed),
                    physical - (long)(((FixedChunkMib * (100 - GrowthTimeline.FixedUtilizationPercent) / 100.0) + (share * FixedChunkMib)) * Mib));
                adaptiveUnwritten += Measure(adaptive, mibps, out var p);
                pauses += p;
                fixedUnwritten += Measure(fixedRun, mibps, out p);
                fixedPauses += p;
            }
        }

        Assert.Equal(0, pauses);
        Assert.True(fixedPauses > 0); // the reference cannot keep up at 2 GiB/s with these latencies
        Assert.True(adaptiveUnwritten < fixedUnwritten, $"adaptive {adaptiveUnwritten / Mib:0} MiB s vs fixed {fixedUnwritten / Mib:0} MiB s");

        static double Measure(GrowthTimeline timeline, double mibps, out int pauses)
        {
            timeline.Run(TimeSpan.FromSeconds(20), mibps * Mib);
            timeline.ResetPauses();
            var before = timeline.UnwrittenByteSeconds;
            timeline.Run(TimeSpan.FromSeconds(60), mibps * Mib);
            pauses = timeline.Pauses;
            return timeline.UnwrittenByteSeconds - before;
        }
    }

    [Fact]
    public void Run_FixedPolicyForComparison_PausesWithSlowExtensionsWhereAdaptiveDoesNot()
    {
        // The reference's fixed 2.5 GiB chunk keeps 2 GiB free: with 1.2-1.4 s extensions (a slow coordinator, a failover)
        // it pauses at 2 GiB/s (1 s of headroom); adaptive, with the same latencies and the same ramp, follows the
        // measured p99 and does not. (Each step of the ramp above 250 MiB/s is at most x1.5 and, above 500 MiB/s, where the
        // 1 GiB minimum headroom no longer covers it, at most x1.33: until the meter follows a rise (two intervals), an
        // extension is covered while the new rate r' writes less than the headroom r x p99 x Margin, and a second one,
        // back to back, while 2 x r' x latency < 2 x r x p99 x Margin, headroom and chunk both r x p99 x Margin when that
        // is more than MinHeadroomTime and MinExtensionInterval of writing: steps up to Margin = 1.75.)
        var fixedRun = Ramp(GrowthTimeline.Fixed(FixedChunkMib, 1024 * Gib, 2 * Gib, Slow(4)));
        var adaptive = Ramp(new GrowthTimeline(new AdaptiveGrowthOptions(), 1024 * Gib, 2 * Gib, Slow(4)));

        Assert.True(fixedRun.Pauses > 0);
        Assert.Equal(0, adaptive.Pauses);

        static Func<TimeSpan> Slow(int seed)
        {
            var random = new Random(seed);
            return () => TimeSpan.FromMilliseconds(1200 + (random.NextDouble() * 200));
        }

        static GrowthTimeline Ramp(GrowthTimeline timeline)
        {
            foreach (var mibps in new[] { 10, 100, 250, 375, 500, 625, 750, 1000, 1250, 1500, 1750, 2048 })
            {
                timeline.Run(TimeSpan.FromSeconds(30), mibps * Mib);
            }

            return timeline;
        }
    }

    [Theory]
    [InlineData(1024)]
    [InlineData(1536)]
    [InlineData(2048)]
    public void Run_QuietStretchThenTheMachineGetsSlower_MinHeadroomTimeCoversTheFirstSlowExtensions(double mibps)
    {
        // A busy drive after two minutes of fast extensions (80-450 ms: p99 x Margin well below 1 s), then extensions of
        // 1.2-1.45 s at once (the machine or the coordinator got slower). The tracker learns the new latencies only from
        // the extensions that suffer them; until then the headroom is what the quiet stretch left. With MinHeadroomTime
        // (2 s of writing) that covers them, also the second one, back to back (2 s of headroom + 1 s of chunk >= two
        // slow extensions); without it (0: rate x p99 x Margin or the 1 GiB minimum, 0.7-1 s of writing) the first
        // slow extension pauses.
        var withFloor = QuietThenSlow(new AdaptiveGrowthOptions());
        var withoutFloor = QuietThenSlow(new AdaptiveGrowthOptions { MinHeadroomTime = TimeSpan.Zero });

        Assert.Equal(0, withFloor.Pauses);
        Assert.True(withoutFloor.Pauses > 0);

        GrowthTimeline QuietThenSlow(AdaptiveGrowthOptions options)
        {
            var slow = false;
            var quiet = Latencies(7);
            var random = new Random(7);
            var timeline = new GrowthTimeline(options, 1024 * Gib, 8 * Gib,
                () => slow ? TimeSpan.FromMilliseconds(1200 + (random.NextDouble() * 250)) : quiet());
            timeline.Run(TimeSpan.FromMinutes(2), mibps * Mib);
            slow = true;
            timeline.Run(TimeSpan.FromSeconds(30), mibps * Mib);
            return timeline;
        }
    }

    [Theory]
    [InlineData(512)]
    [InlineData(1024)]
    [InlineData(2048)]
    public void Run_ExtensionsGetSlowerUpToMarginTimesTheP99AtOnce_NoPauseAlsoBackToBack(double mibps)
    {
        // A minute of extensions of 0.9-1 s (p99 about 1 s), then 1.6-1.7 s at once: each slow extension takes longer
        // than the chunk lasts, so the drive extends again at once with headroom + chunk - r x 1.7 s free. Headroom
        // r x max(p99 x 1.75, 2 s) = 2 s of writing and chunk r x p99 x 1.75 = 1.75 s cover that twice in a row
        // (2 + 1.75 >= 2 x 1.7; a chunk of r x p99 would not: 2 + 1 < 3.4).
        // The fixed 2.5 GiB policy (2 GiB of headroom, 1 s at 2 GiB/s) pauses at 2 GiB/s with the same latencies.
        var adaptive = SlowerAtOnce(latency => new GrowthTimeline(new AdaptiveGrowthOptions(), 1024 * Gib, 8 * Gib, latency));
        var fixedRun = SlowerAtOnce(latency => GrowthTimeline.Fixed(FixedChunkMib, 1024 * Gib, 8 * Gib, latency));

        Assert.Equal(0, adaptive.Pauses);
        Assert.True(mibps < 2048 || fixedRun.Pauses > 0);

        GrowthTimeline SlowerAtOnce(Func<Func<TimeSpan>, GrowthTimeline> create)
        {
            var slow = false;
            var random = new Random(11);
            var timeline = create(() => TimeSpan.FromMilliseconds(slow ? 1600 + (random.NextDouble() * 100) : 900 + (random.NextDouble() * 100)));
            timeline.Run(TimeSpan.FromMinutes(1), mibps * Mib);
            slow = true;
            timeline.Run(TimeSpan.FromSeconds(30), mibps * Mib);
            return timeline;
        }
    }

    [Fact]
    public void Run_IdleToTwoGibPerSecondAtOnce_IsCoveredByTheMinimumHeadroom()
    {
        // The one case the rate cannot foresee: MinHeadroom (1 GiB) is 0.5 s at 2 GiB/s; extensions of up to 450 ms fit.
        var timeline = new GrowthTimeline(new AdaptiveGrowthOptions(), 1024 * Gib, 2 * Gib, Latencies(5));
        timeline.Run(TimeSpan.FromMinutes(5), 0);
        timeline.Run(TimeSpan.FromSeconds(30), 2048 * Mib);

        Assert.Equal(0, timeline.Pauses);
    }
}
