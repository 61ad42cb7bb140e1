using CsCheck;
using Hsm.Agent.Monitoring;
using Hsm.Agent.Options;

namespace Hsm.Agent.Tests.Extension;

/// <summary>
/// The drives of one agent sharing its latency tracker (extensions in flight included) and one coordinator queue
/// (see <see cref="GrowthPool"/>), and single drives, over timelines where the extension latency jumps tenfold
/// mid-run: adaptive against the fixed 2.5 GiB chunk on the same timelines and latency draws.
/// </summary>
public sealed class AdaptiveGrowthPoolTests
{
    private const double Mib = 1 << 20;
    private const long Gib = 1L << 30;
    private const long FixedChunkMib = 2560;

    /// <summary>The bench's mix of write rates, MiB/s.</summary>
    private static readonly double[] BenchRates = [0, 1, 16, 128, 512, 1024, 2048];

    private static readonly Gen<(double Mibps, int Seconds)[]> GenScheduleOf2SecondsAtLeastUpTo512MibPerSecond =
        Gen.Select(Gen.OneOf(Gen.Const(0.0), Gen.Double[0, 512]), Gen.Int[2, 15]).Array[1, 8];

    [Fact]
    public void Pool_Property_BenchMixLatencyJumpsTenfoldMidRun_NoPauseAndLessUnwrittenSpaceThanFixed()
    {
        // One agent's drives: the bench's mix (two per rate), one tracker, one coordinator queue. Extensions take a
        // queued lvextend of 5-15 ms plus 50-120 ms of mailbox and refresh, until, at a random moment of the measured
        // minute, both become ten times slower (0.55-1.35 s plus the queue) and stay so. The fixed 2.5 GiB policy runs
        // the same mix on the same kind of pool (its own queue, same draws): adaptive neither pauses nor allocates as
        // much unwritten space.
        Gen.Select(Gen.Int, Gen.Int[20, 75]).Sample((seed, slowAtSeconds) =>
        {
            var adaptive = Mix(seed, slowAtSeconds, fixedPolicy: false, out var pauses);
            var fixedRun = Mix(seed, slowAtSeconds, fixedPolicy: true, out _);
            return pauses == 0 && adaptive < fixedRun;
        }, iter: 25);
    }

    [Fact]
    public void Pool_BenchMixLatencyJumpsTenfold_TheFixedPolicyPausesWhereAdaptiveDoesNot()
    {
        var adaptive = Mix(1, 40, fixedPolicy: false, out var pauses);
        var fixedRun = Mix(1, 40, fixedPolicy: true, out var fixedPauses);

        Assert.Equal(0, pauses);
        Assert.True(fixedPauses > 0); // 2 GiB free is 1 s at 2 GiB/s
        Assert.True(adaptive < fixedRun, $"adaptive {adaptive / Mib:0} MiB s vs fixed {fixedRun / Mib:0} MiB s");
    }

    [Fact]
    public void Drive_Property_SteadyWriterUpTo2GibPerSecond_LatencyJumpsTenfold_NoPauseNeverBeyondTheCap()
    {
        // Extensions of 40-140 ms, then from a random moment 0.4-1.4 s: covered by MinHeadroomTime (2 s of writing) and
        // MinExtensionInterval (1 s of chunk) until the tracker has learnt the new latencies, also back to back. (A rate
        // that jumps at the same time is not: from idle, only MinHeadroomMib protects, 0.5 s at 2 GiB/s; the rate
        // schedules are checked with quiet latencies in AdaptiveGrowthTimelineTests; so the jump comes after the first
        // 5 s, when the meter has the rate.)
        Gen.Select(Gen.Double[0, 2048], Gen.Int, Gen.Int[5, 90], Gen.Long[4, 400])
            .Sample((mibps, seed, slowAtSeconds, capacityGib) =>
            {
                var options = new AdaptiveGrowthOptions();
                var capacity = capacityGib * Gib;
                var timeline = new GrowthTimeline(options, capacity, physical: 1 * Gib, Tenfold(seed, slowAtSeconds, out var now));
                Play(timeline, now, [(mibps, 120)]);

                return timeline.Pauses == 0 && timeline.MaxPhysical <= ExtensionMath.MaxSize(capacity);
            }, iter: 100);
    }

    [Fact]
    public void Drives_Property_EightSchedulesUpTo512MibPerSecond_LatencyJumpsTenfold_LessUnwrittenSpaceThanFixed()
    {
        // Eight drives alone on their timelines, each with its own schedule up to 512 MiB/s, latencies and jump;
        // faster, with 1.4 s extensions adaptive keeps more than fixed's 2 GiB (which then pauses), and the mix pays
        // for it (the pool property above). The claim is the total's: one drive alone can keep more (idle for the 2 s
        // in which fixed's extension is still running: equal; one that stops writing right after adaptive extended
        // it: up to 1.37 x, the worst of 200,000 schedules, 0.013 % of which kept as much or more). No set of eight
        // did: the worst was 0.59.
        Gen.Select(GenScheduleOf2SecondsAtLeastUpTo512MibPerSecond, Gen.Int, Gen.Int[0, 90]).Array[8]
            .Sample(drives =>
            {
                var (adaptive, fixedRun) = Unwritten(drives);
                return adaptive < fixedRun;
            }, iter: 50);
    }

    [Fact]
    public void Drive_Property_AnyRateScheduleUpTo512MibPerSecond_LatencyJumpsTenfold_NeverTwiceFixedsUnwrittenSpace()
    {
        // Per drive, a bound rather than an order (see above): the worst of 200,000 schedules was 1.37 x.
        Gen.Select(GenScheduleOf2SecondsAtLeastUpTo512MibPerSecond, Gen.Int, Gen.Int[0, 90])
            .Sample((schedule, seed, slowAtSeconds) =>
            {
                var (adaptive, fixedRun) = Unwritten([(schedule, seed, slowAtSeconds)]);
                return adaptive <= 2 * fixedRun;
            }, iter: 100);
    }

    /// <summary>The unwritten byte-seconds of <paramref name="drives"/> summed, adaptive and fixed, each drive alone on its timeline.</summary>
    private static (double Adaptive, double Fixed) Unwritten(((double Mibps, int Seconds)[] Schedule, int Seed, int SlowAtSeconds)[] drives)
    {
        double adaptive = 0;
        double fixedRun = 0;
        foreach (var (schedule, seed, slowAtSeconds) in drives)
        {
            var adaptiveDrive = new GrowthTimeline(new AdaptiveGrowthOptions(), 1024 * Gib, physical: 1 * Gib, Tenfold(seed, slowAtSeconds, out var now));
            Play(adaptiveDrive, now, schedule);
            var fixedDrive = GrowthTimeline.Fixed(FixedChunkMib, 1024 * Gib, physical: 1 * Gib, Tenfold(seed, slowAtSeconds, out var fixedNow));
            Play(fixedDrive, fixedNow, schedule);
            adaptive += adaptiveDrive.UnwrittenByteSeconds;
            fixedRun += fixedDrive.UnwrittenByteSeconds;
        }

        return (adaptive, fixedRun);
    }

    /// <summary>Latencies of 40-140 ms, ten times that from <paramref name="slowAtSeconds"/> into the timeline (read from <paramref name="now"/>).</summary>
    private static Func<TimeSpan> Tenfold(int seed, int slowAtSeconds, out Func<GrowthTimeline?, TimeSpan> now)
    {
        var random = new Random(seed);
        GrowthTimeline? owner = null;
        now = timeline =>
        {
            owner ??= timeline;
            return owner?.Now ?? TimeSpan.Zero;
        };
        var clock = now;
        return () => TimeSpan.FromMilliseconds((40 + (random.NextDouble() * 100)) * (clock(null) >= TimeSpan.FromSeconds(slowAtSeconds) ? 10 : 1));
    }

    private static void Play(GrowthTimeline timeline, Func<GrowthTimeline?, TimeSpan> now, (double Mibps, int Seconds)[] schedule)
    {
        now(timeline);
        foreach (var (mibps, seconds) in schedule)
        {
            timeline.Run(TimeSpan.FromSeconds(seconds), mibps * Mib);
        }
    }

    /// <summary>The bench's mix on one pool, 15 s warm-up then 60 s measured; the unwritten space of the measured part (byte-seconds).</summary>
    private static double Mix(int seed, int slowAtSeconds, bool fixedPolicy, out int pauses)
    {
        var service = new Random(seed);
        var overhead = new Random(unchecked(seed * 31) + 7);
        var pool = new GrowthPool(
            () => TimeSpan.FromMilliseconds(5 + (service.NextDouble() * 10)),
            () => TimeSpan.FromMilliseconds(50 + (overhead.NextDouble() * 70)))
        {
            SlowdownFactor = 10,
            SlowerFrom = TimeSpan.FromSeconds(slowAtSeconds),
        };
        var options = new AdaptiveGrowthOptions();
        var physical = 8 * Gib;
        foreach (var mibps in BenchRates)
        {
            foreach (var share in new[] { 0.25, 0.75 })
            {
                // Each starts as if its policy had just extended it (the bench's start).
                _ = fixedPolicy
                    ? pool.AddFixed(FixedChunkMib, 1024 * Gib, physical,
                        physical - (long)(((FixedChunkMib * (100 - GrowthTimeline.FixedUtilizationPercent) / 100.0) + (share * FixedChunkMib)) * Mib), mibps * Mib)
                    : pool.AddAdaptive(options, 1024 * Gib, physical,
                        physical - (long)((options.MinHeadroomMib + (share * options.MinChunkMib)) * Mib), mibps * Mib);
            }
        }

        pool.Run(TimeSpan.FromSeconds(15));
        foreach (var drive in pool.Drives)
        {
            drive.ResetPauses();
        }

        var before = pool.Drives.Sum(d => d.UnwrittenByteSeconds);
        pool.Run(TimeSpan.FromSeconds(60));
        pauses = pool.Drives.Sum(d => d.Pauses);
        return pool.Drives.Sum(d => d.UnwrittenByteSeconds) - before;
    }
}
