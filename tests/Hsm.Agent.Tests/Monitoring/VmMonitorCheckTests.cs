using Hsm.Agent.Monitoring;
using Hsm.Agent.Options;
using Hsm.Agent.Tests.Fakes;

namespace Hsm.Agent.Tests.Monitoring;

/// <summary>
/// The periodic fallback check of a VM: threshold events are the primary signal, so qemu is queried every
/// CheckInterval only while a drive needs it, and armed drives only at the safety re-check.
/// </summary>
public sealed class VmMonitorCheckTests
{
    private const long Mib = VmMonitorHarness.Mib;
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private static ExtensionPolicyOptions Policy(bool adaptive = false) => new()
    {
        ChunkMib = 1024,
        UtilizationPercent = 50,
        CheckInterval = Second,
        SafetyCheckInterval = TimeSpan.FromSeconds(30),
        Adaptive = new AdaptiveGrowthOptions { Enabled = adaptive },
    };

    [Fact]
    public async Task ArmedDrives_AreNotQueriedEachTick_ButAtTheSafetyInterval()
    {
        await using var h = new VmMonitorHarness(3, Policy());
        await h.ConnectedAsync(armed: 3);
        var afterConnect = h.BlockStats;

        for (var i = 0; i < 29; i++)
        {
            await h.AdvanceAsync(Second);
        }

        Assert.Equal(afterConnect, h.BlockStats);
        await h.AdvanceAsync(Second);
        await Eventually.TrueAsync(() => h.BlockStats == afterConnect + 1, "the safety re-check");
        for (var i = 0; i < 5; i++)
        {
            await h.AdvanceAsync(Second);
        }

        Assert.Equal(afterConnect + 1, h.BlockStats);
        Assert.All(h.Vm.Snapshot().Drives, d => Assert.Equal(DriveState.Set, d.State));
    }

    [Fact]
    public async Task SafetyReCheck_FindsAWatermarkPastTheThreshold_WithoutAnEvent()
    {
        await using var h = new VmMonitorHarness(1, Policy());
        h.Sender.AutoReply = true;
        h.Sender.OnSuccess = request => h.Activator.LvSize = (long)request.SizeMib * Mib;
        await h.ConnectedAsync(armed: 1);

        // The guest wrote past the threshold (4096 - 512 MiB) and the event was lost.
        h.Watermark = 3800 * Mib;
        await h.AdvanceAsync(TimeSpan.FromSeconds(29));
        Assert.Empty(h.Sender.Sent);
        await h.AdvanceAsync(Second);

        await Eventually.TrueAsync(() => !h.Sender.Sent.IsEmpty, "extension requested by the safety re-check");
        Assert.Equal(5120UL, Assert.Single(h.Sender.Sent).SizeMib);
    }

    [Fact]
    public async Task UnarmedDrive_IsQueriedEveryTick()
    {
        await using var h = new VmMonitorHarness(2, Policy());
        h.RefuseThresholds = true;
        await h.ConnectedAsync(armed: 0);
        var start = h.BlockStats;

        for (var i = 1; i <= 3; i++)
        {
            await h.AdvanceAsync(Second);
            await Eventually.TrueAsync(() => h.BlockStats >= start + i, $"check {i}");
        }

        Assert.All(h.Vm.Snapshot().Drives, d => Assert.Equal(DriveState.Unset, d.State));
    }

    [Fact]
    public async Task ThresholdEvent_WakesTheLoop_AndTheExceededDriveIsCheckedEveryTickUntilReArmed()
    {
        await using var h = new VmMonitorHarness(2, Policy());
        await h.ConnectedAsync(armed: 2);
        var start = h.BlockStats;
        await h.AdvanceAsync(Second);
        Assert.Equal(start, h.BlockStats);

        // The request stays unanswered: prot1 is EXCEEDED with an extension in flight.
        await h.EventAsync("BLOCK_WRITE_THRESHOLD", "{\"node-name\": \"prot1\", \"write-threshold\": 3670016000, \"amount-exceeded\": 4096}");
        await Eventually.TrueAsync(() => h.Sender.InFlight == 1, "extension requested on the event");
        for (var i = 0; i < 3; i++)
        {
            var before = h.BlockStats;
            await h.AdvanceAsync(Second);
            await Eventually.TrueAsync(() => h.BlockStats > before, $"checked at tick {i} while EXCEEDED");
        }

        h.Activator.LvSize = 5120 * Mib;
        h.Sender.Answer(success: true);
        await Eventually.TrueAsync(() => h.Thresholds.Count == 3, "re-armed after the extension");
        await Eventually.TrueAsync(() => h.Sender.InFlight == 0 && h.Vm.Snapshot().Drives.All(d => d.State == DriveState.Set && d.Pending is null), "extension done");
        // One more tick to see it quiet, then nothing until the safety re-check.
        await h.AdvanceAsync(Second);
        var quiet = h.BlockStats;
        for (var i = 0; i < 5; i++)
        {
            await h.AdvanceAsync(Second);
        }

        Assert.Equal(quiet, h.BlockStats);
    }

    [Fact]
    public async Task Adaptive_ArmedDriveBeingWritten_IsQueriedEveryTick_UntilItGoesQuiet()
    {
        await using var h = new VmMonitorHarness(1, Policy(adaptive: true));
        h.Watermark = 100 * Mib;
        await h.ConnectedAsync(armed: 1);
        var start = h.BlockStats;

        for (var i = 1; i <= 3; i++)
        {
            h.Watermark += 10 * Mib;
            await h.AdvanceAsync(Second);
            await Eventually.TrueAsync(() => h.BlockStats >= start + i, $"written: check {i}");
        }

        // Not written any more: one check sees it unchanged, then it waits for the safety re-check.
        await h.AdvanceAsync(Second);
        await Eventually.TrueAsync(() => h.BlockStats >= start + 4, "the check that sees it quiet");
        var quiet = h.BlockStats;
        for (var i = 0; i < 5; i++)
        {
            await h.AdvanceAsync(Second);
        }

        Assert.Equal(quiet, h.BlockStats);
    }

    [Fact]
    public async Task PolicyChange_ReArmsAtTheNextTick()
    {
        await using var h = new VmMonitorHarness(1, Policy());
        await h.ConnectedAsync(armed: 1);
        var start = h.BlockStats;

        h.Policy.Set(new ExtensionPolicyOptions
        {
            ChunkMib = 2048,
            UtilizationPercent = 50,
            CheckInterval = Second,
            SafetyCheckInterval = TimeSpan.FromSeconds(30),
            Adaptive = new AdaptiveGrowthOptions { Enabled = false },
        });
        await h.AdvanceAsync(Second);

        await Eventually.TrueAsync(() => h.Thresholds.Count == 2, "re-armed with the new policy");
        Assert.Equal(start + 1, h.BlockStats);
        Assert.Equal(4096 * Mib - 1024 * Mib, h.Thresholds.Last().Threshold);
    }
}
