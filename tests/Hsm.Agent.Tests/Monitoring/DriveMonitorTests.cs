using Hsm.Agent.Monitoring;
using Hsm.Agent.Options;
using Hsm.Agent.Tests.Fakes;
using LvExtend.TestSupport;

namespace Hsm.Agent.Tests.Monitoring;

public sealed class DriveMonitorTests
{
    private const long Mib = DriveMonitorHarness.Mib;
    private const long Gib = 1024 * Mib;

    [Fact]
    public async Task CheckAsync_Unset_ArmsThresholdAtPhysicalMinusLimitOnProtocolNode()
    {
        await using var h = new DriveMonitorHarness(5 * Gib, 50 * Gib, DriveMonitorHarness.Fixed(2560, 20));

        await h.Monitor.CheckAsync(0, CancellationToken.None);

        Assert.Equal(DriveState.Set, h.Monitor.State);
        var (node, threshold) = Assert.Single(h.Vm.Thresholds);
        Assert.Equal("prot0", node);
        Assert.Equal(5 * Gib - 2048 * Mib, threshold);
        Assert.Empty(h.Sender.Sent);
    }

    [Fact]
    public async Task CheckAsync_UnsetAndPastTheLimit_ExtendsAtOnceWithoutArming()
    {
        await using var h = new DriveMonitorHarness(1 * Gib, 8 * Gib);
        h.Sender.AutoReply = true;

        await h.Monitor.CheckAsync(900 * Mib, CancellationToken.None);
        await Eventually.TrueAsync(() => h.Monitor.Snapshot().LastExtension is not null, "extension completed");

        var request = Assert.Single(h.Sender.Sent);
        Assert.Equal(2048UL, request.SizeMib);
        Assert.Equal(h.Volume.DomainId, request.Domain);
        Assert.Equal(h.Volume.VolumeId, request.Volume);
        Assert.Equal(DriveState.Set, h.Monitor.State);
        Assert.Equal(2 * Gib - 512 * Mib, Assert.Single(h.Vm.Thresholds).Threshold);
    }

    [Fact]
    public async Task OnWriteThresholdEvent_Set_ExtendsOnceRefreshesAndRearms()
    {
        await using var h = new DriveMonitorHarness(1 * Gib, 8 * Gib);
        await h.Monitor.CheckAsync(0, CancellationToken.None);

        h.Monitor.OnWriteThresholdEvent(512 * Mib, 4 * Mib);
        Assert.Equal(DriveState.Exceeded, h.Monitor.State);
        await Eventually.TrueAsync(() => h.Sender.InFlight == 1, "request sent");
        h.Monitor.OnWriteThresholdEvent(512 * Mib, 8 * Mib);
        h.Sender.Answer(success: true);
        await Eventually.TrueAsync(() => h.Monitor.Snapshot().LastExtension is not null, "extension completed");

        var status = h.Monitor.Snapshot();
        Assert.Single(h.Sender.Sent);
        Assert.Equal(1, h.Activator.Refreshes);
        Assert.Equal(2 * Gib, status.Physical);
        Assert.Equal(DriveState.Set, status.State);
        Assert.Equal(new[] { 512 * Mib, 1536 * Mib }, h.Vm.Thresholds.Select(t => t.Threshold));
        Assert.Equal(520 * Mib, status.Watermark);
        Assert.Equal(1, status.LastExtension!.Attempts);
        Assert.False(status.LastExtension.Resumed);
    }

    [Fact]
    public async Task Extension_MeasuresWaitMailboxRefreshAndTotalFromTheEvent()
    {
        await using var h = new DriveMonitorHarness(1 * Gib, 8 * Gib);
        await h.Monitor.CheckAsync(0, CancellationToken.None);

        h.Monitor.OnWriteThresholdEvent(512 * Mib, 1);
        await Eventually.TrueAsync(() => h.Sender.InFlight == 1, "request sent");
        h.Time.Advance(TimeSpan.FromMilliseconds(300));
        h.Sender.Answer(success: true);
        await Eventually.TrueAsync(() => h.Monitor.Snapshot().LastExtension is not null, "extension completed");

        var phases = h.Monitor.Snapshot().LastExtension!;
        Assert.Equal(TimeSpan.Zero, phases.Wait);
        Assert.Equal(TimeSpan.FromMilliseconds(300), phases.Mailbox);
        Assert.Equal(TimeSpan.FromMilliseconds(300), phases.Total);
    }

    [Fact]
    public async Task OnNoSpace_PausedVm_ExtendsAndResumes()
    {
        await using var h = new DriveMonitorHarness(1 * Gib, 8 * Gib);
        h.Sender.AutoReply = true;
        await h.Monitor.CheckAsync(0, CancellationToken.None);
        h.Vm.PausedByIoError = true;

        h.Monitor.OnNoSpace();
        await Eventually.TrueAsync(() => h.Monitor.Snapshot().LastExtension is not null, "extension completed");

        Assert.Equal(1, h.Vm.Resumes);
        Assert.True(h.Monitor.Snapshot().LastExtension!.Resumed);
    }

    [Fact]
    public async Task FailureReply_RetriesWithBackoffUntilTheVgHasSpace()
    {
        await using var h = new DriveMonitorHarness(1 * Gib, 8 * Gib);
        await h.Monitor.CheckAsync(0, CancellationToken.None);
        h.Vm.PausedByIoError = true;
        h.Monitor.OnNoSpace();

        for (var failure = 1; failure <= 3; failure++)
        {
            await Eventually.TrueAsync(() => h.Sender.InFlight == 1, $"request {failure}", betweenPolls: () => h.Time.Advance(TimeSpan.FromMilliseconds(50)));
            h.Sender.Answer(success: false);
            var expected = failure;
            await Eventually.TrueAsync(() => h.Monitor.Snapshot().ConsecutiveFailures == expected, $"failure {failure} recorded");
            Assert.Equal(DriveState.Exceeded, h.Monitor.State);
            Assert.Equal(0, h.Vm.Resumes);
        }

        await Eventually.TrueAsync(() => h.Sender.InFlight == 1, "retry", betweenPolls: () => h.Time.Advance(TimeSpan.FromMilliseconds(50)));
        h.Sender.Answer(success: true);
        await Eventually.TrueAsync(() => h.Monitor.Snapshot().LastExtension is not null, "extension completed");

        Assert.Equal(4, h.Sender.Sent.Count);
        Assert.All(h.Sender.Sent, r => Assert.Equal(2048UL, r.SizeMib));
        Assert.Equal(4, h.Monitor.Snapshot().LastExtension!.Attempts);
        Assert.Equal(1, h.Vm.Resumes);
        Assert.Equal(0, h.Monitor.Snapshot().ConsecutiveFailures);
    }

    [Fact]
    public async Task SuccessReplyButShortLv_VerificationFailsAndRetries()
    {
        await using var h = new DriveMonitorHarness(1 * Gib, 8 * Gib);
        h.Sender.OnSuccess = null;
        await h.Monitor.CheckAsync(0, CancellationToken.None);
        h.Monitor.OnWriteThresholdEvent(512 * Mib, 1);

        await Eventually.TrueAsync(() => h.Sender.InFlight == 1, "request sent");
        h.Sender.Answer(success: true);
        await Eventually.TrueAsync(() => h.Monitor.Snapshot().ConsecutiveFailures == 1, "verification failure recorded");

        Assert.Contains("after the refresh", h.Monitor.Snapshot().LastError, StringComparison.Ordinal);
        Assert.Equal(DriveState.Exceeded, h.Monitor.State);
    }

    [Fact]
    public async Task CheckAsync_AtMaximumSize_DisablesWithoutExtending()
    {
        await using var h = new DriveMonitorHarness(11 * Gib, 10 * Gib);

        await h.Monitor.CheckAsync(11 * Gib - 1, CancellationToken.None);
        h.Monitor.OnWriteThresholdEvent(1, 1);
        await h.Monitor.CheckAsync(11 * Gib - 1, CancellationToken.None);

        Assert.Equal(DriveState.Disabled, h.Monitor.State);
        Assert.Empty(h.Sender.Sent);
        Assert.Empty(h.Vm.Thresholds);
    }

    [Fact]
    public async Task CheckAsync_SmallDrive_ThresholdNeverBelowOne()
    {
        await using var h = new DriveMonitorHarness(128 * Mib, 8 * Gib, DriveMonitorHarness.Fixed(2560, 20));
        h.Sender.AutoReply = true;

        await h.Monitor.CheckAsync(0, CancellationToken.None);

        await Eventually.TrueAsync(() => h.Monitor.Snapshot().LastExtension is not null, "extension completed");
        Assert.All(h.Vm.Thresholds, t => Assert.True(t.Threshold >= 1));
    }

    [Fact]
    public async Task Watermark_BeyondNextSize_IsImprobableAndNotExtended()
    {
        await using var h = new DriveMonitorHarness(1 * Gib, 8 * Gib);
        await h.Monitor.CheckAsync(0, CancellationToken.None);

        h.Monitor.OnWriteThresholdEvent(512 * Mib, 3 * Gib);
        await Eventually.TrueAsync(() => h.Monitor.Snapshot().ImprobableWatermark, "improbable reported");
        await h.Monitor.ExtensionTask;

        var status = h.Monitor.Snapshot();
        Assert.Empty(h.Sender.Sent);
        Assert.Equal(DriveState.Exceeded, status.State);
        Assert.Contains("improbable", status.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_ThresholdRefused_StaysUnset()
    {
        await using var h = new DriveMonitorHarness(1 * Gib, 8 * Gib);
        h.Vm.FailThresholds = true;

        await h.Monitor.CheckAsync(0, CancellationToken.None);

        Assert.Equal(DriveState.Unset, h.Monitor.State);
        Assert.Empty(h.Vm.Thresholds);

        h.Vm.FailThresholds = false;
        await h.Monitor.CheckAsync(0, CancellationToken.None);
        Assert.Equal(DriveState.Set, h.Monitor.State);
    }

    [Fact]
    public async Task CheckAsync_SetButWatermarkPastThreshold_ExtendsAsIfTheEventWasMissed()
    {
        await using var h = new DriveMonitorHarness(1 * Gib, 8 * Gib);
        h.Sender.AutoReply = true;
        await h.Monitor.CheckAsync(0, CancellationToken.None);

        await h.Monitor.CheckAsync(600 * Mib, CancellationToken.None);
        await Eventually.TrueAsync(() => h.Monitor.Snapshot().LastExtension is not null, "extension completed");

        Assert.Equal(2048UL, Assert.Single(h.Sender.Sent).SizeMib);
    }

    [Fact]
    public async Task NextSize_IsCappedAtCapacityTimesOnePointOne()
    {
        await using var h = new DriveMonitorHarness(1 * Gib, 1 * Gib + 512 * Mib);
        h.Sender.AutoReply = true;
        await h.Monitor.CheckAsync(0, CancellationToken.None);

        h.Monitor.OnWriteThresholdEvent(512 * Mib, 1);
        await Eventually.TrueAsync(() => h.Monitor.Snapshot().LastExtension is not null, "extension completed");

        Assert.Equal((ulong)(ExtensionMath.MaxSize(1 * Gib + 512 * Mib) / Mib), Assert.Single(h.Sender.Sent).SizeMib);
        Assert.Equal(DriveState.Disabled, h.Monitor.State);
        Assert.Single(h.Vm.Thresholds);
    }

    [Fact]
    public async Task OnPolicyChanged_SetDrive_RearmsWithTheNewLimit()
    {
        await using var h = new DriveMonitorHarness(4 * Gib, 50 * Gib, DriveMonitorHarness.Fixed(1024, 50));
        await h.Monitor.CheckAsync(0, CancellationToken.None);

        h.Policy.Set(DriveMonitorHarness.Fixed(2048, 50));
        h.Monitor.OnPolicyChanged();
        await h.Monitor.CheckAsync(0, CancellationToken.None);

        Assert.Equal(new[] { 4 * Gib - 512 * Mib, 3 * Gib }, h.Vm.Thresholds.Select(t => t.Threshold));
        Assert.Equal(DriveState.Set, h.Monitor.State);
    }
    [Fact]
    public async Task Extension_SendThrowsIOException_CountedLoggedAndRetriedWithBackoffUntilExtended()
    {
        await using var h = new DriveMonitorHarness(1 * Gib, 8 * Gib);
        await h.Monitor.CheckAsync(0, CancellationToken.None);
        h.Sender.Throw.Enqueue(new IOException("mailbox write failed"));
        h.Sender.AutoReply = true;

        h.Monitor.OnWriteThresholdEvent(512 * Mib, 1);
        await Eventually.TrueAsync(() => h.Monitor.Snapshot().ConsecutiveFailures == 1, "failure counted");
        var failed = h.Monitor.Snapshot();
        Assert.Contains("IOException", failed.LastError, StringComparison.Ordinal);
        Assert.Equal(DriveState.Exceeded, failed.State);
        Assert.Single(h.Sender.Sent);

        h.Time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => h.Monitor.Snapshot().LastExtension is not null, "extension completed after the retry");

        var status = h.Monitor.Snapshot();
        Assert.Equal(2, h.Sender.Sent.Count);
        Assert.Equal(2 * Gib, status.Physical);
        Assert.Equal(DriveState.Set, status.State);
        Assert.Equal(0, status.ConsecutiveFailures);
        Assert.Equal(2, status.LastExtension!.Attempts);
    }

    [Fact]
    public async Task Extension_VmGoneBeforeTheResume_ExtensionCompletesAndTheDriveIsNotStuck()
    {
        await using var h = new DriveMonitorHarness(1 * Gib, 8 * Gib);
        await h.Monitor.CheckAsync(0, CancellationToken.None);
        h.Sender.AutoReply = true;
        h.Vm.Gone = true;

        h.Monitor.OnNoSpace();
        await Eventually.TrueAsync(() => h.Monitor.Snapshot().LastExtension is not null, "extension completed");

        var status = h.Monitor.Snapshot();
        Assert.False(status.LastExtension!.Resumed);
        Assert.Equal(2 * Gib, status.Physical);
        await h.Monitor.ExtensionTask;
    }
}
