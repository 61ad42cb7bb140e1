using System.Collections.Concurrent;
using Shared.Mailbox.Internal;
using Shared.Mailbox.Tests.Support;

namespace Shared.Mailbox.Tests;

/// <summary>
/// The doorbell thread's ticks on a fake clock (a timer of that clock per sleep, so a test sees each sleep start and
/// drives it). One tick is one sleep: the tick is polled when less than its slack remains, not after a second sleep.
/// </summary>
public sealed class DoorbellWatchTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(100, 0.5)] // the idle doorbell: at most 0.5 ms early
    [InlineData(20, 0.5)]
    [InlineData(1, 0.1)] // the active doorbell: a tenth of its period
    public void Slack_ATenthOfThePeriod_AtMostHalfAMillisecond(double periodMs, double slackMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(slackMs), DoorbellWatch.Slack(TimeSpan.FromMilliseconds(periodMs)));
    }

    [Theory]
    [InlineData(100)]
    [InlineData(1)]
    public async Task Tick_PolledWhenOnlyTheSlackRemains_AfterOneSleep(double periodMs)
    {
        var period = TimeSpan.FromMilliseconds(periodMs);
        var slack = DoorbellWatch.Slack(period);
        var time = new TimerCountingTimeProvider(Start);
        var polls = 0;
        using var watch = new DoorbellWatch(() => Interlocked.Increment(ref polls) > 0, () => false, () => period, time, "test-doorbell");

        var wake = watch.WaitAsync(CancellationToken.None);
        Assert.True(await time.Created.WaitAsync(HangGuard));
        time.Advance(period - slack - TimeSpan.FromTicks(1));
        Assert.Equal(0, Volatile.Read(ref polls)); // its timer has not fired: the thread still sleeps
        time.Advance(TimeSpan.FromTicks(1));

        Assert.Equal(DoorbellWake.Ring, await wake.WaitAsync(HangGuard));
        Assert.Equal(1, Volatile.Read(ref polls));
        Assert.Equal(1, time.CreatedCount);
    }

    [Fact]
    public async Task EarlyPoll_TheNextTickCountsFromThePreviousTicksTime()
    {
        var period = TimeSpan.FromMilliseconds(100);
        var slack = DoorbellWatch.Slack(period);
        var time = new TimerCountingTimeProvider(Start);
        var polledAt = new ConcurrentQueue<TimeSpan>();
        using var watch = new DoorbellWatch(
            () =>
            {
                polledAt.Enqueue(time.GetUtcNow() - Start);
                return polledAt.Count == 3;
            },
            () => false,
            () => period,
            time,
            "test-doorbell");

        var wake = watch.WaitAsync(CancellationToken.None);
        for (var tick = 1; tick <= 3; tick++)
        {
            Assert.True(await time.Created.WaitAsync(HangGuard));
            time.Advance(tick * period - slack - TimeSpan.FromTicks(1) - (time.GetUtcNow() - Start));
            Assert.Equal(tick - 1, polledAt.Count);
            time.Advance(TimeSpan.FromTicks(1));
        }

        Assert.Equal(DoorbellWake.Ring, await wake.WaitAsync(HangGuard));
        Assert.Equal([period - slack, 2 * period - slack, 3 * period - slack], polledAt);
        Assert.Equal(3, time.CreatedCount);
    }
}
