using Hsm.Agent.Monitoring;
using Hsm.Agent.Options;

namespace Hsm.Agent.Tests.Monitoring;

public sealed class DriveCheckScheduleTests
{
    private const long Gib = 1L << 30;
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(45);

    private static ExtensionPolicyOptions Policy(bool adaptive) => new()
    {
        ChunkMib = 1024,
        UtilizationPercent = 50,
        CheckInterval = TimeSpan.FromSeconds(2),
        SafetyCheckInterval = Safety,
        Adaptive = new AdaptiveGrowthOptions { Enabled = adaptive },
    };

    [Fact]
    public async Task Unset_IsDueAtTheNextCheck()
    {
        await using var h = new DriveMonitorHarness(4 * Gib, 10 * Gib, Policy(adaptive: false));
        var last = h.Time.GetUtcNow();

        Assert.Equal(DateTimeOffset.MinValue, h.Monitor.NextCheckAt(h.Policy.CurrentValue));
        Assert.Equal(last + TimeSpan.FromSeconds(2), DriveCheckSchedule.Next([h.Monitor], h.Policy.CurrentValue, last, pausedOnNoSpace: false));
    }

    [Fact]
    public async Task Armed_IsDueAtTheSafetyInterval_AfterItsLastCheck()
    {
        await using var h = new DriveMonitorHarness(4 * Gib, 10 * Gib, Policy(adaptive: false));
        var checkedAt = h.Time.GetUtcNow();
        await h.Monitor.CheckAsync(0, CancellationToken.None);
        h.Time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(DriveState.Set, h.Monitor.State);
        Assert.Equal(checkedAt + Safety, h.Monitor.NextCheckAt(h.Policy.CurrentValue));
        Assert.Equal(checkedAt + Safety, DriveCheckSchedule.Next([h.Monitor], h.Policy.CurrentValue, h.Time.GetUtcNow(), pausedOnNoSpace: false));
    }

    [Fact]
    public async Task Armed_ButTheVmPausedOnNoSpace_IsDueAtTheNextCheck()
    {
        await using var h = new DriveMonitorHarness(4 * Gib, 10 * Gib, Policy(adaptive: false));
        await h.Monitor.CheckAsync(0, CancellationToken.None);
        var last = h.Time.GetUtcNow();

        Assert.Equal(last + TimeSpan.FromSeconds(2), DriveCheckSchedule.Next([h.Monitor], h.Policy.CurrentValue, last, pausedOnNoSpace: true));
    }

    [Fact]
    public async Task InvalidatedThreshold_SignalsAndIsDueAtTheNextCheck()
    {
        await using var h = new DriveMonitorHarness(4 * Gib, 10 * Gib, Policy(adaptive: false));
        var signal = new CheckSignal();
        h.Monitor.CheckNeeded = signal;
        await h.Monitor.CheckAsync(0, CancellationToken.None);
        var wake = signal.Arm();
        Assert.False(wake.IsCompleted);

        h.Monitor.InvalidateThreshold();

        Assert.True(wake.IsCompleted);
        Assert.Equal(DateTimeOffset.MinValue, h.Monitor.NextCheckAt(h.Policy.CurrentValue));
    }

    [Fact]
    public async Task Exceeded_SignalsAndIsDueAtTheNextCheck()
    {
        await using var h = new DriveMonitorHarness(4 * Gib, 10 * Gib, Policy(adaptive: false));
        var signal = new CheckSignal();
        h.Monitor.CheckNeeded = signal;
        await h.Monitor.CheckAsync(0, CancellationToken.None);
        var wake = signal.Arm();

        h.Monitor.OnWriteThresholdEvent(3584L << 20, 4096);

        Assert.True(wake.IsCompleted);
        Assert.Equal(DriveState.Exceeded, h.Monitor.State);
        Assert.Equal(DateTimeOffset.MinValue, h.Monitor.NextCheckAt(h.Policy.CurrentValue));
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public async Task ArmedAndWritten_IsCheckedEveryTick_UntilAQuietCheck(bool adaptive, bool frequent)
    {
        await using var h = new DriveMonitorHarness(4 * Gib, 10 * Gib, Policy(adaptive));
        await h.Monitor.CheckAsync(0, CancellationToken.None);
        h.Time.Advance(TimeSpan.FromSeconds(2));
        await h.Monitor.CheckAsync(1L << 20, CancellationToken.None);

        Assert.Equal(DriveState.Set, h.Monitor.State);
        var next = h.Monitor.NextCheckAt(h.Policy.CurrentValue);
        Assert.Equal(frequent, next == DateTimeOffset.MinValue);
        h.Time.Advance(TimeSpan.FromSeconds(2));
        await h.Monitor.CheckAsync(1L << 20, CancellationToken.None);
        Assert.Equal(h.Time.GetUtcNow() + Safety, h.Monitor.NextCheckAt(h.Policy.CurrentValue));
    }

    [Fact]
    public void NoDrive_NeverDue()
    {
        Assert.Equal(DateTimeOffset.MaxValue, DriveCheckSchedule.Next([], new ExtensionPolicyOptions(), DateTimeOffset.UnixEpoch, pausedOnNoSpace: false));
    }
}
