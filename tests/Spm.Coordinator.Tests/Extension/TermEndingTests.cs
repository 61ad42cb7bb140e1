using Microsoft.Extensions.Time.Testing;
using Spm.Coordinator.Extension;
using Spm.Coordinator.Leadership;
using Spm.Coordinator.Store;

namespace Spm.Coordinator.Tests.Extension;

/// <summary>Each way the extend path ends a term maps to one typed end reason (the election decides on it).</summary>
public sealed class TermEndingTests
{
    public static TheoryData<string, int> Endings => new()
    {
        { "fenced", (int)TermEndReason.LeaseLost },
        { "no-lease-left", (int)TermEndReason.DeadlinePassed },
        { "database", (int)TermEndReason.DatabaseUnavailable },
        { "loop", (int)TermEndReason.Faulted },
        { "mailbox", (int)TermEndReason.Faulted },
        { "start", (int)TermEndReason.StartFailed },
    };

    [Theory]
    [MemberData(nameof(Endings))]
    public void Ending_SetsItsTypedReason_AndCancelsTheTerm(string ending, int expected)
    {
        var time = new FakeTimeProvider();
        using var term = new LeaderTerm(new LeaseFence("pool", "me", 3), time.GetTimestamp(), TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(1), time);
        var failure = new IOException("boom");

        Action<LeaderTerm> end = ending switch
        {
            "fenced" => t => TermEnding.Fenced(t, "update request"),
            "no-lease-left" => TermEnding.NoLeaseLeft,
            "database" => t => TermEnding.DatabaseUnavailable(t, "insert request", failure),
            "loop" => t => TermEnding.LoopFailed(t, "side loop", failure),
            "mailbox" => t => TermEnding.MailboxFailed(t, failure),
            _ => t => TermEnding.StartFailed(t, "the term runtime could not start"),
        };

        end(term);

        Assert.Equal((TermEndReason)expected, term.EndReason);
        Assert.True(term.Stopping.IsCancellationRequested);
        Assert.False(string.IsNullOrWhiteSpace(term.EndDetail));
    }

    [Fact]
    public void HasLeaseFor_RefusesWithinTheMarginOfTheDeadline()
    {
        var time = new FakeTimeProvider();
        using var term = new LeaderTerm(new LeaseFence("pool", "me", 3), time.GetTimestamp(), TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(500), time);
        var margin = TimeSpan.FromMilliseconds(500);

        Assert.True(term.HasLeaseFor(margin));
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.True(term.HasLeaseFor(margin));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(term.HasLeaseFor(margin));
        Assert.True(term.IsValid);
    }
}
