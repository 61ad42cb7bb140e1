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
    public void Interval_AfterAReplyTook130Ms_PollsSlowlyUntilHalfOfIt_ThenFast()
    {
        var time = new FakeTimeProvider();
        var schedule = new HostPollSchedule(Options, time);
        Reply(schedule, time, 130);
        Assert.Equal(TimeSpan.FromMilliseconds(65), schedule.LikelyStart);

        schedule.OnWrite();
        var written = time.GetTimestamp();
        var reads = new List<double>();
        var elapsed = TimeSpan.Zero;
        while (elapsed < TimeSpan.FromMilliseconds(70))
        {
            var interval = schedule.Interval((written, written));
            time.Advance(interval);
            elapsed += interval;
            schedule.OnRead((written, written));
            reads.Add(elapsed.TotalMilliseconds);
        }

        // 25 ms (the poll interval) apart until the likely start, one read exactly at 65 ms, then every 1 ms.
        Assert.Equal([25, 50, 65, 66, 67, 68, 69, 70], reads);
    }

    [Fact]
    public void Interval_ALaterWrite_DoesNotPushBackTheWindowOfAnOlderRequest()
    {
        var time = new FakeTimeProvider();
        var schedule = new HostPollSchedule(Options, time);
        Reply(schedule, time, 100);

        schedule.OnWrite();
        var older = time.GetTimestamp();
        time.Advance(TimeSpan.FromMilliseconds(45));
        schedule.OnWrite(); // a newer request, or CLEAN for another slot
        var newer = time.GetTimestamp();
        time.Advance(TimeSpan.FromMilliseconds(5));

        // The older request is 50 ms old: its likely window is open, whatever was written since.
        Assert.Equal(TimeSpan.FromMilliseconds(1), schedule.Interval((older, newer)));
    }

    [Fact]
    public void Interval_TheFastWindowLastsFromTheOldestLikelyStartToTheWindowAfterTheNewest_ThenBacksOff()
    {
        var time = new FakeTimeProvider();
        var schedule = new HostPollSchedule(Options, time);
        Reply(schedule, time, 60);

        var older = time.GetTimestamp();
        time.Advance(TimeSpan.FromMilliseconds(100));
        var newer = time.GetTimestamp();
        schedule.OnWrite();
        time.Advance(TimeSpan.FromMilliseconds(30 + 299));
        schedule.OnRead((older, newer));
        Assert.Equal(TimeSpan.FromMilliseconds(1), schedule.Interval((older, newer)));

        time.Advance(TimeSpan.FromMilliseconds(1));
        schedule.OnRead((older, newer));
        Assert.Equal(TimeSpan.FromMilliseconds(2), schedule.Interval((older, newer)));
    }

    [Fact]
    public void FastUntil_CoversOneAndAHalfTimesTheLongestRecentReply_AtMostThreeWindows()
    {
        var time = new FakeTimeProvider();
        var schedule = new HostPollSchedule(Options, time);
        Assert.Equal(TimeSpan.FromMilliseconds(300), schedule.FastUntil);

        Reply(schedule, time, 100);
        Assert.Equal(TimeSpan.FromMilliseconds(350), schedule.FastUntil); // the likely start (50) + the window

        Reply(schedule, time, 500);
        Assert.Equal(TimeSpan.FromMilliseconds(750), schedule.FastUntil);

        schedule.OnWrite();
        var written = time.GetTimestamp();
        time.Advance(TimeSpan.FromMilliseconds(749));
        Assert.Equal(TimeSpan.FromMilliseconds(1), schedule.Interval((written, written)));
        time.Advance(TimeSpan.FromMilliseconds(1));
        schedule.OnRead((written, written));
        Assert.Equal(TimeSpan.FromMilliseconds(2), schedule.Interval((written, written)));

        Reply(schedule, time, 20_000);
        Assert.Equal(TimeSpan.FromMilliseconds(900), schedule.FastUntil);
    }

    [Fact]
    public void LikelyStart_IsHalfTheShortestOfTheLastSixteenReplies()
    {
        var time = new FakeTimeProvider();
        var schedule = new HostPollSchedule(Options, time);
        Assert.Equal(TimeSpan.Zero, schedule.LikelyStart);

        Reply(schedule, time, 100);
        Reply(schedule, time, 60);
        Reply(schedule, time, 200);
        Assert.Equal(TimeSpan.FromMilliseconds(30), schedule.LikelyStart);

        // Sixteen slower replies push the 60 ms one out of the history.
        for (var i = 0; i < HostPollSchedule.History; i++)
        {
            Reply(schedule, time, 120);
        }

        Assert.Equal(TimeSpan.FromMilliseconds(60), schedule.LikelyStart);
    }

    [Fact]
    public void Interval_BeforeTheLikelyStart_IsNeverBelowTheFastInterval()
    {
        var options = new HostMailboxOptions { FastPollInterval = TimeSpan.FromMilliseconds(4), PollInterval = TimeSpan.FromMilliseconds(25) };
        var time = new FakeTimeProvider();
        var schedule = new HostPollSchedule(options, time);
        Reply(schedule, time, 100);

        schedule.OnWrite();
        var written = time.GetTimestamp();
        time.Advance(TimeSpan.FromMilliseconds(49));

        Assert.Equal(TimeSpan.FromMilliseconds(4), schedule.Interval((written, written)));
    }

    private static void Reply(HostPollSchedule schedule, FakeTimeProvider time, int milliseconds)
    {
        schedule.OnWrite();
        var written = time.GetTimestamp();
        time.Advance(TimeSpan.FromMilliseconds(milliseconds));
        schedule.OnReply(written);
    }
}
