using Microsoft.Extensions.Time.Testing;
using Spm.Coordinator.Leadership;
using Spm.Coordinator.Store;

namespace Spm.Coordinator.Tests.Leadership;

public sealed class LeaderTermTests
{
    private static readonly LeaseFence Fence = new("pool", "me", 7);
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(1);

    [Fact]
    public void Deadline_IsTheSendTimePlusTtlMinusMargin()
    {
        var time = new FakeTimeProvider();
        var sent = time.GetTimestamp();
        time.Advance(TimeSpan.FromMilliseconds(300)); // the acquisition took 300 ms to return
        using var term = new LeaderTerm(Fence, sent, Ttl, Margin, time);

        Assert.Equal(TimeSpan.FromMilliseconds(4700), term.Remaining);
        Assert.True(term.IsValid);
        Assert.Equal(7, term.Epoch);
    }

    [Fact]
    public void Stopping_IsCancelledAtTheDeadline_AndIsValidTurnsFalse()
    {
        var time = new FakeTimeProvider();
        using var term = new LeaderTerm(Fence, time.GetTimestamp(), Ttl, Margin, time);

        time.Advance(TimeSpan.FromMilliseconds(4999));
        Assert.False(term.Stopping.IsCancellationRequested);
        Assert.True(term.TryGetBudget(TimeSpan.Zero, out var left));
        Assert.Equal(TimeSpan.FromMilliseconds(1), left);

        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(term.Stopping.IsCancellationRequested);
        Assert.False(term.IsValid);
        Assert.False(term.TryGetBudget(TimeSpan.Zero, out _));
    }

    [Fact]
    public void Extend_MovesTheDeadlineFromTheRenewalSendTime()
    {
        var time = new FakeTimeProvider();
        using var term = new LeaderTerm(Fence, time.GetTimestamp(), Ttl, Margin, time);
        time.Advance(TimeSpan.FromSeconds(2));
        var sent = time.GetTimestamp();
        time.Advance(TimeSpan.FromSeconds(1)); // a slow renewal

        Assert.True(term.Extend(sent));
        Assert.Equal(TimeSpan.FromSeconds(4), term.Remaining);

        time.Advance(TimeSpan.FromSeconds(3.5));
        Assert.False(term.Stopping.IsCancellationRequested);
        time.Advance(TimeSpan.FromSeconds(0.5));
        Assert.True(term.Stopping.IsCancellationRequested);
    }

    [Fact]
    public void Extend_Repeatedly_TheDeadlineTimerReArmsItself_AndFiresAtTheLastDeadlineOnly()
    {
        var time = new FakeTimeProvider();
        using var term = new LeaderTerm(Fence, time.GetTimestamp(), Ttl, Margin, time);

        // Renewals every second for 10 s: the first deadline (5 s) and the later ones pass the timer by.
        for (var i = 0; i < 10; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            Assert.True(term.Extend(time.GetTimestamp()));
            Assert.False(term.Stopping.IsCancellationRequested);
        }

        // Last renewal sent at 10 s: deadline 15 s.
        time.Advance(TimeSpan.FromMilliseconds(4999));
        Assert.False(term.Stopping.IsCancellationRequested);
        Assert.True(term.IsValid);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(term.Stopping.IsCancellationRequested);
        Assert.Equal(TermEndReason.DeadlinePassed, term.EndReason);
    }

    [Fact]
    public void TryGetBudget_LessThanTheMinimumLeft_RefusesTheMutation()
    {
        var time = new FakeTimeProvider();
        using var term = new LeaderTerm(Fence, time.GetTimestamp(), Ttl, Margin, time);
        time.Advance(TimeSpan.FromMilliseconds(4800));

        Assert.False(term.TryGetBudget(TimeSpan.FromMilliseconds(250), out var remaining));
        Assert.Equal(TimeSpan.FromMilliseconds(200), remaining);
    }

    [Fact]
    public void Extend_AfterTheDeadline_RevivesNothing()
    {
        var time = new FakeTimeProvider();
        using var term = new LeaderTerm(Fence, time.GetTimestamp(), Ttl, Margin, time);
        var sent = time.GetTimestamp();
        time.Advance(TimeSpan.FromSeconds(6)); // e.g. the process was stopped (SIGSTOP) meanwhile

        Assert.False(term.Extend(sent));
        Assert.False(term.IsValid);
    }

    [Fact]
    public void End_CancelsAtOnce_AndKeepsTheFirstReason()
    {
        var time = new FakeTimeProvider();
        using var term = new LeaderTerm(Fence, time.GetTimestamp(), Ttl, Margin, time);

        term.End(TermEndReason.LeaseLost, "lost");
        term.End(TermEndReason.Shutdown, "shutdown");

        Assert.True(term.Stopping.IsCancellationRequested);
        Assert.False(term.IsValid);
        Assert.Equal(TermEndReason.LeaseLost, term.EndReason);
        Assert.Equal("lost", term.EndDetail);
        Assert.False(term.Extend(time.GetTimestamp()));
    }

    [Fact]
    public void End_AfterTheDeadlineFired_KeepsDeadlinePassed()
    {
        var time = new FakeTimeProvider();
        using var term = new LeaderTerm(Fence, time.GetTimestamp(), Ttl, Margin, time);
        time.Advance(Ttl);

        term.End(TermEndReason.StartFailed, "late");

        Assert.Equal(TermEndReason.DeadlinePassed, term.EndReason);
    }

    [Fact]
    public void HasLeaseFor_ReadsTheLocalDeadline_AndTurnsFalseOnceEnded()
    {
        var time = new FakeTimeProvider();
        using var term = new LeaderTerm(Fence, time.GetTimestamp(), Ttl, Margin, time);
        time.Advance(TimeSpan.FromMilliseconds(4400)); // 600 ms left

        Assert.True(term.HasLeaseFor(TimeSpan.FromMilliseconds(500)));
        Assert.False(term.HasLeaseFor(TimeSpan.FromMilliseconds(600)));

        term.End(TermEndReason.SteppedDown, "asked");
        Assert.False(term.HasLeaseFor(TimeSpan.Zero));
    }
}
