using Microsoft.Extensions.Time.Testing;
using Shared.Mailbox.Internal;

namespace Shared.Mailbox.Tests;

public sealed class HostPollScheduleTests
{
    private static readonly HostMailboxOptions Options = new()
    {
        FastPollInterval = TimeSpan.FromMilliseconds(1),
        FastPollWindow = TimeSpan.FromMilliseconds(300),
        PollInterval = TimeSpan.FromMilliseconds(25),
    };

    [Fact]
    public void Interval_InsideTheWindowAfterAWrite_IsTheFastInterval()
    {
        var time = new FakeTimeProvider();
        var schedule = new HostPollSchedule(Options, time);
        schedule.OnWrite();
        var written = time.GetTimestamp();

        for (var i = 0; i < 299; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(1));
            Assert.Equal(TimeSpan.FromMilliseconds(1), schedule.Interval(written));
            Assert.Equal(TimeSpan.FromMilliseconds(1), schedule.Interval(null));
        }
    }

    [Theory]
    [InlineData(300, 3)]
    [InlineData(550, 5.5)]
    [InlineData(1000, 10)]
    [InlineData(2500, 25)]
    [InlineData(60_000, 25)]
    public void Interval_AfterTheWindow_IsOnePercentOfTheWait_AtMostThePollInterval(int elapsedMs, double expectedMs)
    {
        var time = new FakeTimeProvider();
        var schedule = new HostPollSchedule(Options, time);
        schedule.OnWrite();
        var written = time.GetTimestamp();
        time.Advance(TimeSpan.FromMilliseconds(elapsedMs));

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), schedule.Interval(written));
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), schedule.Interval(null));
    }

    [Fact]
    public void OnWrite_AfterBackingOff_PollsFastAgain_WhenNoRequestAwaits()
    {
        var time = new FakeTimeProvider();
        var schedule = new HostPollSchedule(Options, time);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromMilliseconds(10), schedule.Interval(null));

        schedule.OnWrite();

        Assert.Equal(TimeSpan.FromMilliseconds(1), schedule.Interval(null));
    }

    [Fact]
    public void Interval_FastEqualToPoll_IsConstant()
    {
        var options = new HostMailboxOptions { FastPollInterval = TimeSpan.FromMilliseconds(25), PollInterval = TimeSpan.FromMilliseconds(25) };
        var time = new FakeTimeProvider();
        var schedule = new HostPollSchedule(options, time);

        for (var i = 0; i < 200; i++)
        {
            Assert.Equal(TimeSpan.FromMilliseconds(25), schedule.Interval(null));
            time.Advance(TimeSpan.FromMilliseconds(25));
        }
    }

    [Fact]
    public void Interval_TheWindowCountsFromTheRequestsWrite_NotFromALaterCleanWrite()
    {
        var time = new FakeTimeProvider();
        var schedule = new HostPollSchedule(Options, time);
        schedule.OnWrite();
        var written = time.GetTimestamp();
        time.Advance(TimeSpan.FromMilliseconds(250));
        schedule.OnWrite(); // CLEAN for another slot
        time.Advance(TimeSpan.FromMilliseconds(50));

        // 300 ms after the request's write: out of its window (1 % of 300 ms), though the CLEAN write was 50 ms ago.
        Assert.Equal(TimeSpan.FromMilliseconds(3), schedule.Interval(written));
    }

    [Fact]
    public void FastUntil_CoversOneAndAHalfTimesTheLongestRecentReply_AtMostThreeWindows()
    {
        var time = new FakeTimeProvider();
        var schedule = new HostPollSchedule(Options, time);
        Assert.Equal(TimeSpan.FromMilliseconds(300), schedule.FastUntil);

        Reply(schedule, time, 100);
        Assert.Equal(TimeSpan.FromMilliseconds(300), schedule.FastUntil);

        Reply(schedule, time, 500);
        Assert.Equal(TimeSpan.FromMilliseconds(750), schedule.FastUntil);

        schedule.OnWrite();
        var written = time.GetTimestamp();
        time.Advance(TimeSpan.FromMilliseconds(749));
        Assert.Equal(TimeSpan.FromMilliseconds(1), schedule.Interval(written));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(TimeSpan.FromMilliseconds(7.5), schedule.Interval(written));

        Reply(schedule, time, 20_000);
        Assert.Equal(TimeSpan.FromMilliseconds(900), schedule.FastUntil);
    }

    [Fact]
    public void FastUntil_ForgetsALongReplyAfterSixteenShorterOnes()
    {
        var time = new FakeTimeProvider();
        var schedule = new HostPollSchedule(Options, time);
        Reply(schedule, time, 400);
        Assert.Equal(TimeSpan.FromMilliseconds(600), schedule.FastUntil);

        for (var i = 0; i < HostPollSchedule.History; i++)
        {
            Reply(schedule, time, 250);
        }

        Assert.Equal(TimeSpan.FromMilliseconds(375), schedule.FastUntil);
    }

    private static void Reply(HostPollSchedule schedule, FakeTimeProvider time, int milliseconds)
    {
        schedule.OnWrite();
        var written = time.GetTimestamp();
        time.Advance(TimeSpan.FromMilliseconds(milliseconds));
        schedule.OnReply(written);
    }
}
