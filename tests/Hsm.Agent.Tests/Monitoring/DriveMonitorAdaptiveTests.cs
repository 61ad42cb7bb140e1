using Hsm.Agent.Extension;
using Hsm.Agent.Monitoring;
using Hsm.Agent.Options;
using Hsm.Agent.Tests.Fakes;
using LvExtend.TestSupport;

namespace Hsm.Agent.Tests.Monitoring;

/// <summary>Rate-adaptive growth wired into the drive monitor: rate from the watermark samples, chunk, threshold, reload.</summary>
public sealed class DriveMonitorAdaptiveTests
{
    private const long Mib = DriveMonitorHarness.Mib;
    private const long Gib = 1024 * Mib;

    [Fact]
    public async Task IdleDrive_ArmsAtMinHeadroom_ExtendsByMinChunk_RecordsTheLatency()
    {
        await using var h = new DriveMonitorHarness(4 * Gib, 50 * Gib, Adaptive());
        h.Sender.AutoReply = true;
        await h.Monitor.CheckAsync(0, CancellationToken.None);

        h.Monitor.OnWriteThresholdEvent(3 * Gib, 1);
        await Eventually.TrueAsync(() => h.Monitor.Snapshot().LastExtension is not null, "extension completed");

        Assert.Equal(3 * Gib, h.Vm.Thresholds.First().Threshold);
        Assert.Equal(5120UL, Assert.Single(h.Sender.Sent).SizeMib);
        var status = h.Monitor.Snapshot();
        Assert.Equal(1 * Gib, status.LastChunkBytes);
        Assert.Equal(0, status.WriteRateBytesPerSecond);
        Assert.Equal(1, h.Latency.Count);
    }

    [Fact]
    public async Task RateRises_ThresholdMovesEarlier_ChunkGrowsWithTheRate()
    {
        await using var h = new DriveMonitorHarness(8 * Gib, 50 * Gib, Adaptive());
        h.Sender.AutoReply = true;
        var options = h.Policy.CurrentValue.Adaptive;

        await WriteSteadilyAsync(h, stepMib: 2048);
        var thresholds = h.Vm.Thresholds.Select(t => t.Threshold).ToArray();
        h.Monitor.OnWriteThresholdEvent(4 * Gib, Mib);
        await Eventually.TrueAsync(() => h.Monitor.Snapshot().LastExtension is not null, "extension completed");

        // Idle: headroom 1 GiB. At 2 GiB/s with nothing measured (the initial latency, 1 s) and margin 1.75: 3.5 GiB,
        // below MinHeadroomTime (2 s) of writing: 4 GiB, re-armed earlier.
        Assert.Equal((TimeSpan.FromSeconds(1), 1.75, TimeSpan.FromSeconds(2)), (options.InitialExtensionLatency, options.Margin, options.MinHeadroomTime));
        Assert.Equal(new[] { 7 * Gib, 4 * Gib }, thresholds);
        var status = h.Monitor.Snapshot();
        Assert.Equal(2 * Gib, status.WriteRateBytesPerSecond, 1.0);
        // The chunk covers the estimate x margin of writing (1.75 s at 2 GiB/s: 3.5 GiB), more than the 1 GiB an idle drive gets.
        Assert.Equal(3584 * Mib, status.LastChunkBytes);
        Assert.Equal(11776UL, Assert.Single(h.Sender.Sent).SizeMib);
    }

    [Fact]
    public async Task Disabled_SameWrites_FixedChunkAndThreshold_RateStillReported()
    {
        await using var h = new DriveMonitorHarness(8 * Gib, 50 * Gib, DriveMonitorHarness.Fixed(1024, 50));
        h.Sender.AutoReply = true;

        await WriteSteadilyAsync(h);
        h.Monitor.OnWriteThresholdEvent(8 * Gib - 512 * Mib, Mib);
        await Eventually.TrueAsync(() => h.Monitor.Snapshot().LastExtension is not null, "extension completed");

        Assert.Equal(new[] { 8 * Gib - 512 * Mib, 9 * Gib - 512 * Mib }, h.Vm.Thresholds.Select(t => t.Threshold));
        Assert.Equal(9216UL, Assert.Single(h.Sender.Sent).SizeMib);
        var status = h.Monitor.Snapshot();
        Assert.Equal(1 * Gib, status.LastChunkBytes);
        Assert.Equal(Gib, status.WriteRateBytesPerSecond, 1.0);
    }

    [Fact]
    public async Task Reload_FixedToAdaptive_RearmsAndSizesWithTheNewPolicy()
    {
        await using var h = new DriveMonitorHarness(8 * Gib, 50 * Gib, DriveMonitorHarness.Fixed(1024, 50));
        h.Sender.AutoReply = true;
        await h.Monitor.CheckAsync(0, CancellationToken.None);

        h.Policy.Set(Adaptive(minChunkMib: 2048));
        h.Monitor.OnPolicyChanged();
        await h.Monitor.CheckAsync(0, CancellationToken.None);
        h.Monitor.OnWriteThresholdEvent(7 * Gib, 1);
        await Eventually.TrueAsync(() => h.Monitor.Snapshot().LastExtension is not null, "extension completed");

        Assert.Equal(new[] { 8 * Gib - 512 * Mib, 7 * Gib, 9 * Gib }, h.Vm.Thresholds.Select(t => t.Threshold));
        Assert.Equal(10240UL, Assert.Single(h.Sender.Sent).SizeMib);
        Assert.Equal(2 * Gib, h.Monitor.Snapshot().LastChunkBytes);
    }

    [Fact]
    public async Task Adaptive_TheCapAlwaysWins()
    {
        await using var h = new DriveMonitorHarness(1536 * Mib, 2 * Gib, Adaptive());
        h.Sender.AutoReply = true;

        await h.Monitor.CheckAsync(1536 * Mib - 100 * Mib, CancellationToken.None);
        await Eventually.TrueAsync(() => h.Monitor.Snapshot().LastExtension is not null, "extension completed");

        // round_up(2 GiB x 1.1, MiB) = 2253 MiB, below physical + the 1 GiB minimum chunk.
        Assert.Equal(2253UL, Assert.Single(h.Sender.Sent).SizeMib);
    }

    [Fact]
    public async Task Adaptive_SlowExtensions_WidenTheHeadroom()
    {
        await using var h = new DriveMonitorHarness(8 * Gib, 50 * Gib, Adaptive());
        var options = h.Policy.CurrentValue.Adaptive;
        for (var i = 0; i < options.MinLatencySamples; i++)
        {
            h.Latency.Record(TimeSpan.FromSeconds(4), options);
        }

        await WriteSteadilyAsync(h, stepMib: 256);

        // 256 MiB/s x p99 4 s x margin 1.75 = 1792 MiB of headroom (fast extensions would give the 1 GiB minimum).
        Assert.Equal(new[] { 7 * Gib, 8 * Gib - 1792 * Mib }, h.Vm.Thresholds.Select(t => t.Threshold));
    }

    [Fact]
    public async Task Extension_InFlight_IsToldToTheTrackerFromTheCrossingUntilVerified()
    {
        await using var h = new DriveMonitorHarness(4 * Gib, 50 * Gib, Adaptive());
        await h.Monitor.CheckAsync(0, CancellationToken.None);
        h.Monitor.OnWriteThresholdEvent(3 * Gib, 1);
        await Eventually.TrueAsync(() => h.Sender.InFlight == 1, "request sent");

        h.Time.Advance(TimeSpan.FromSeconds(7));
        var during = (h.Latency.InFlight, h.Latency.Estimate(h.Policy.CurrentValue.Adaptive));
        h.Sender.Answer(true);
        await Eventually.TrueAsync(() => h.Monitor.Snapshot().LastExtension is not null, "extension completed");

        Assert.Equal((1, TimeSpan.FromSeconds(7)), during); // beyond the 1 s prior: the elapsed time
        Assert.Equal(0, h.Latency.InFlight);
        Assert.Equal(1, h.Latency.Count);
    }

    [Fact]
    public async Task Extension_FailedAndRetried_StaysInFlightUntilVerified()
    {
        await using var h = new DriveMonitorHarness(4 * Gib, 50 * Gib, Adaptive());
        await h.Monitor.CheckAsync(0, CancellationToken.None);
        var crossed = h.Time.GetUtcNow();
        h.Monitor.OnWriteThresholdEvent(3 * Gib, 1);
        await Eventually.TrueAsync(() => h.Sender.InFlight == 1, "request sent");
        h.Sender.Answer(false);
        await Eventually.TrueAsync(() => h.Monitor.Snapshot().ConsecutiveFailures == 1, "attempt failed");

        var afterFailure = h.Latency.InFlight;
        await Eventually.TrueAsync(() => h.Sender.InFlight == 1, "retry", betweenPolls: () => h.Time.Advance(TimeSpan.FromMilliseconds(50)));
        h.Time.Advance(TimeSpan.FromSeconds(5));
        var estimate = h.Latency.Estimate(h.Policy.CurrentValue.Adaptive);
        var sinceCrossing = h.Time.GetUtcNow() - crossed;
        h.Sender.Answer(true);
        await Eventually.TrueAsync(() => h.Monitor.Snapshot().LastExtension is not null, "extension completed");

        Assert.Equal(1, afterFailure);
        Assert.Equal(sinceCrossing, estimate); // from the crossing, across the failed attempt
        Assert.Equal(0, h.Latency.InFlight);
    }

    [Fact]
    public async Task OtherDrive_ExtensionInFlightLongerThanTheEstimate_ThresholdMovesEarlierAtTheNextCheck()
    {
        // Two drives of one agent (one tracker): A's extension hangs (the coordinator got slower); B, writing 512 MiB/s,
        // re-arms with headroom for the time A has been waiting, before A completes. Never beyond MaxChunk.
        await using var a = new DriveMonitorHarness(4 * Gib, 50 * Gib, Adaptive());
        await using var b = new DriveMonitorHarness(40 * Gib, 1024 * Gib, Adaptive(), a);
        var options = a.Policy.CurrentValue.Adaptive;
        for (var i = 0; i < options.MinLatencySamples; i++)
        {
            a.Latency.Record(TimeSpan.FromMilliseconds(200), options);
        }

        await a.Monitor.CheckAsync(0, CancellationToken.None);
        await WriteSteadilyAsync(b, stepMib: 512);
        var before = b.Vm.Thresholds.Last().Threshold;
        a.Monitor.OnWriteThresholdEvent(3 * Gib, 1);
        await Eventually.TrueAsync(() => a.Sender.InFlight == 1, "A's request sent");
        for (var s = 3; s <= 8; s++)
        {
            b.Time.Advance(TimeSpan.FromSeconds(1));
            await b.Monitor.CheckAsync(s * 512 * Mib, CancellationToken.None);
        }

        var after = b.Vm.Thresholds.Last().Threshold;
        var expected = 40 * Gib - AdaptiveChunkPolicy.Limit(512 * Mib, TimeSpan.FromSeconds(6), options);
        a.Sender.Answer(true);
        await Eventually.TrueAsync(() => a.Monitor.Snapshot().LastExtension is not null, "A's extension completed");

        Assert.Equal(40 * Gib - AdaptiveChunkPolicy.Limit(512 * Mib, TimeSpan.FromMilliseconds(200), options), before);
        Assert.Equal(expected, after);
        Assert.True(after < before);
        Assert.True(40 * Gib - after <= options.MaxChunkMib * Mib);
    }

    [Fact]
    public async Task BurstOfSlowExtensionsForgotten_ThresholdMovesLaterAtTheNextCheck()
    {
        // 1 GiB/s with extensions of 4 s: 7 GiB of headroom. Once fast extensions replaced them and the slow ones left
        // the window, the limit is 2 s of writing (MinHeadroomTime): less than half the armed headroom, re-armed later.
        await using var h = new DriveMonitorHarness(40 * Gib, 1024 * Gib, Adaptive());
        var options = h.Policy.CurrentValue.Adaptive;
        for (var i = 0; i < options.MinLatencySamples; i++)
        {
            h.Latency.Record(TimeSpan.FromSeconds(4), options);
        }

        await WriteSteadilyAsync(h, steps: 3);
        var slow = h.Vm.Thresholds.Last().Threshold;
        for (var i = 0; i < options.MinLatencySamples; i++)
        {
            h.Latency.Record(TimeSpan.FromMilliseconds(100), options);
        }

        h.Time.Advance(options.LatencyWindow + TimeSpan.FromSeconds(1));
        await h.Monitor.CheckAsync((3 + 11) * Gib, CancellationToken.None);
        var fast = h.Vm.Thresholds.Last().Threshold;
        h.Time.Advance(TimeSpan.FromSeconds(1));
        await h.Monitor.CheckAsync(15 * Gib, CancellationToken.None);

        Assert.Equal(40 * Gib - (7 * Gib), slow);
        Assert.Equal(40 * Gib - (2 * Gib), fast);
        Assert.Equal(fast, h.Vm.Thresholds.Last().Threshold); // not re-armed again while the limit holds
        Assert.Equal(DriveState.Set, h.Monitor.State);
    }

    private static ExtensionPolicyOptions Adaptive(long minChunkMib = 1024) =>
        new() { ChunkMib = 1024, UtilizationPercent = 50, Adaptive = new AdaptiveGrowthOptions { Enabled = true, MinChunkMib = minChunkMib } };

    /// <summary>Checks at 0 (arms), then every second with the watermark <paramref name="stepMib"/> MiB further.</summary>
    private static async Task WriteSteadilyAsync(DriveMonitorHarness h, int steps = 2, long stepMib = 1024)
    {
        await h.Monitor.CheckAsync(0, CancellationToken.None);
        for (var i = 1; i <= steps; i++)
        {
            h.Time.Advance(TimeSpan.FromSeconds(1));
            await h.Monitor.CheckAsync(i * stepMib * Mib, CancellationToken.None);
        }
    }
}
