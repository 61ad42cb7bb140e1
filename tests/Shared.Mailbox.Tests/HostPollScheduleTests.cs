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

        for (var i = 0; i < 299; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(1));
            schedule.OnRead(null);
            Assert.Equal(TimeSpan.FromMilliseconds(1), schedule.Interval(null));
        }
    }

    [Fact]
    public void Interval_AfterTheWindow_DoublesUpToThePollInterval()
    {
        var time = new FakeTimeProvider();
        var schedule = new HostPollSchedule(Options, time);
        schedule.OnWrite();
        time.Advance(TimeSpan.FromMilliseconds(300));

        var seen = new List<double>();
        for (var i = 0; i < 8; i++)
        {
            schedule.OnRead(null);
            seen.Add(schedule.Interval(null).TotalMilliseconds);
            time.Advance(schedule.Interval(null));
        }

        Assert.Equal([2, 4, 8, 16, 25, 25, 25, 25], seen);
    }

    [Fact]
    public void OnWrite_AfterBackingOff_PollsFastAgain()
    {
        var time = new FakeTimeProvider();
        var schedule = new HostPollSchedule(Options, time);
        time.Advance(TimeSpan.FromSeconds(1));
        for (var i = 0; i < 10; i++)
        {
            schedule.OnRead(null);
        }

        Assert.Equal(TimeSpan.FromMilliseconds(25), schedule.Interval(null));

        schedule.OnWrite();

        Assert.Equal(TimeSpan.FromMilliseconds(1), schedule.Interval(null));
        time.Advance(TimeSpan.FromMilliseconds(301));
        schedule.OnRead(null);
        Assert.Equal(TimeSpan.FromMilliseconds(2), schedule.Interval(null));
    }

    [Fact]
    public void Interval_FastEqualToPoll_IsConstant()
    {
        var options = new HostMailboxOptions { FastPollInterval = TimeSpan.FromMilliseconds(25), PollInterval = TimeSpan.FromMilliseconds(25) };
        var time = new FakeTimeProvider();
        var schedule = new HostPollSchedule(options, time);

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(TimeSpan.FromMilliseconds(25), schedule.Interval(null));
            time.Advance(TimeSpan.FromMilliseconds(25));
            schedule.OnRead(null);
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

        schedule.OnRead(written);

        Assert.Equal(TimeSpan.FromMilliseconds(2), schedule.Interval(written));
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
        schedule.OnRead(written);
        Assert.Equal(TimeSpan.FromMilliseconds(1), schedule.Interval(written));
        time.Advance(TimeSpan.FromMilliseconds(1));
        schedule.OnRead(written);
        Assert.Equal(TimeSpan.FromMilliseconds(2), schedule.Interval(written));

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
