using System.Reflection;
using LvExtend.TestSupport;
using Spm.Coordinator.Telemetry;

namespace Spm.Coordinator.IntegrationTests;

/// <summary>
/// The coordinator's [LoggerMessage] ids against its table (<see cref="CoordinatorEventIds"/>), and its
/// ranges against those of the libraries it loads. Pure reflection: needs no dependency. (It lives here
/// because Spm.Coordinator.Tests does not reference LvExtend.TestSupport.)
/// </summary>
public sealed class EventIdTableTests
{
    private static readonly Assembly Coordinator = typeof(CoordinatorEventIds).Assembly;

    [Fact]
    public void Every_log_message_has_its_own_id_inside_the_table_and_no_range_overlaps_a_library()
    {
        Assert.NotEmpty(LoggerEventIds.Uses(Coordinator));
        var problems = LoggerEventIds.Problems(
            Coordinator, typeof(Shared.Mailbox.MailboxDevice).Assembly, typeof(LvExtend.Lvm.CommandResult).Assembly);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void The_table_stays_inside_the_assembly_block()
    {
        var table = LoggerEventIds.Table(Coordinator);
        Assert.All(table, r => Assert.InRange(r.First, CoordinatorEventIds.AssemblyFirst, CoordinatorEventIds.AssemblyLast));
        Assert.All(table, r => Assert.InRange(r.Last, CoordinatorEventIds.AssemblyFirst, CoordinatorEventIds.AssemblyLast));
    }
}
