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
            schedule.OnRead();
            Assert.Equal(TimeSpan.FromMilliseconds(1), schedule.Interval);
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
            schedule.OnRead();
            seen.Add(schedule.Interval.TotalMilliseconds);
            time.Advance(schedule.Interval);
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
            schedule.OnRead();
        }

        Assert.Equal(TimeSpan.FromMilliseconds(25), schedule.Interval);

        schedule.OnWrite();

        Assert.Equal(TimeSpan.FromMilliseconds(1), schedule.Interval);
        time.Advance(TimeSpan.FromMilliseconds(301));
        schedule.OnRead();
        Assert.Equal(TimeSpan.FromMilliseconds(2), schedule.Interval);
    }

    [Fact]
    public void Interval_FastEqualToPoll_IsConstant()
    {
        var options = new HostMailboxOptions { FastPollInterval = TimeSpan.FromMilliseconds(25), PollInterval = TimeSpan.FromMilliseconds(25) };
        var time = new FakeTimeProvider();
        var schedule = new HostPollSchedule(options, time);

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(TimeSpan.FromMilliseconds(25), schedule.Interval);
            time.Advance(TimeSpan.FromMilliseconds(25));
            schedule.OnRead();
        }
    }
}
