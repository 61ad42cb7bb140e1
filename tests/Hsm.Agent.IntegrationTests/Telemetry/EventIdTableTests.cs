using System.Reflection;
using Hsm.Agent.Telemetry;
using LvExtend.TestSupport;

namespace Hsm.Agent.IntegrationTests.Telemetry;

/// <summary>
/// The agent's [LoggerMessage] ids against its table (<see cref="AgentEventIds"/>), and its ranges
/// against those of every other assembly (this project loads all four). Pure reflection: needs no
/// dependency. (It lives here because Hsm.Agent.Tests does not reference LvExtend.TestSupport.)
/// </summary>
public sealed class EventIdTableTests
{
    private static readonly Assembly Agent = typeof(AgentEventIds).Assembly;
    private static readonly Assembly Coordinator = Assembly.Load("Spm.Coordinator");
    private static readonly Assembly Mailbox = typeof(Shared.Mailbox.MailboxDevice).Assembly;
    private static readonly Assembly Lvm = typeof(LvExtend.Lvm.CommandResult).Assembly;

    [Fact]
    public void Every_log_message_has_its_own_id_inside_the_table_and_no_range_overlaps_another_assembly()
    {
        Assert.NotEmpty(LoggerEventIds.Uses(Agent));
        var problems = LoggerEventIds.Problems(Agent, Coordinator, Mailbox, Lvm);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void The_table_stays_inside_the_assembly_block()
    {
        var table = LoggerEventIds.Table(Agent);
        Assert.All(table, r => Assert.InRange(r.First, AgentEventIds.AssemblyFirst, AgentEventIds.AssemblyLast));
        Assert.All(table, r => Assert.InRange(r.Last, AgentEventIds.AssemblyFirst, AgentEventIds.AssemblyLast));
    }

    [Fact]
    public void No_two_assemblies_share_an_id_range()
    {
        Assembly[] all = [Agent, Coordinator, Mailbox, Lvm];
        var problems = all.SelectMany(a => LoggerEventIds.Problems(a, all)).Distinct().ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}
