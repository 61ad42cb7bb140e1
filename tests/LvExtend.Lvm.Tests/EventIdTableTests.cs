using System.Reflection;
using LvExtend.TestSupport;

namespace LvExtend.Lvm.Tests;

/// <summary>The lvm library's [LoggerMessage] ids against its table (<see cref="LvmEventIds"/>).</summary>
public sealed class EventIdTableTests
{
    private static readonly Assembly Lvm = typeof(LvmEventIds).Assembly;
    private static readonly Assembly Mailbox = typeof(Shared.Mailbox.MailboxDevice).Assembly;

    [Fact]
    public void Every_log_message_has_its_own_id_inside_the_table_and_no_range_overlaps_the_mailbox()
    {
        var problems = LoggerEventIds.Problems(Lvm, Mailbox);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void The_table_stays_inside_the_assembly_block()
    {
        var table = LoggerEventIds.Table(Lvm);
        Assert.NotEmpty(table);
        Assert.All(table, r => Assert.InRange(r.First, LvmEventIds.AssemblyFirst, LvmEventIds.AssemblyLast));
        Assert.All(table, r => Assert.InRange(r.Last, LvmEventIds.AssemblyFirst, LvmEventIds.AssemblyLast));
    }
}
