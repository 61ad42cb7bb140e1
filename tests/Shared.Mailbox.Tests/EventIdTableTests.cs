using System.Reflection;
using LvExtend.TestSupport;

namespace Shared.Mailbox.Tests;

/// <summary>The mailbox library's [LoggerMessage] ids against its table (<see cref="MailboxEventIds"/>).</summary>
public sealed class EventIdTableTests
{
    private static readonly Assembly Mailbox = typeof(MailboxEventIds).Assembly;

    [Fact]
    public void Every_log_message_has_its_own_id_inside_the_table()
    {
        Assert.NotEmpty(LoggerEventIds.Uses(Mailbox));
        var problems = LoggerEventIds.Problems(Mailbox, typeof(LvExtend.Lvm.CommandResult).Assembly);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void The_table_stays_inside_the_assembly_block()
    {
        Assert.All(LoggerEventIds.Table(Mailbox), r =>
            Assert.InRange(r.First, MailboxEventIds.AssemblyFirst, MailboxEventIds.AssemblyLast));
        Assert.All(LoggerEventIds.Table(Mailbox), r =>
            Assert.InRange(r.Last, MailboxEventIds.AssemblyFirst, MailboxEventIds.AssemblyLast));
    }
}
