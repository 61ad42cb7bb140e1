namespace Shared.Mailbox;

/// <summary>
/// The mailbox library's log event-id table (as Npgsql's <c>NpgsqlEventId</c>): every
/// <c>[LoggerMessage]</c> in this assembly uses an id inside one of these ranges, and no id twice.
/// The assembly owns 9000-9999; the coordinator owns 1000-4999, the agent 5000-5999 and
/// LvExtend.Lvm 7000-7999. A test (EventIdTableTests) checks the table against the attributes.
/// <list type="table">
///   <listheader><term>range</term><description>area (types)</description></listheader>
///   <item><term>9000-9099</term><description>free (device, probe)</description></item>
///   <item><term>9100-9199</term><description>HostMailbox (agent role)</description></item>
///   <item><term>9200-9299</term><description>ManagerMailbox (coordinator role)</description></item>
///   <item><term>9300-9999</term><description>free</description></item>
/// </list>
/// </summary>
internal static class MailboxEventIds
{
    /// <summary>First id of the mailbox library's block.</summary>
    public const int AssemblyFirst = 9000;

    /// <summary>Last id of the mailbox library's block.</summary>
    public const int AssemblyLast = 9999;

    /// <summary>The host (agent) role.</summary>
    public const int HostMailbox = 9100;

    /// <summary>The manager (coordinator) role.</summary>
    public const int ManagerMailbox = 9200;

    /// <summary>The ranges above, each (area, first, last), for the table test.</summary>
    public static readonly (string Area, int First, int Last)[] Ranges =
    [
        ("HostMailbox", HostMailbox, 9199),
        ("ManagerMailbox", ManagerMailbox, 9299),
    ];
}
