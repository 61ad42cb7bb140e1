namespace LvExtend.Lvm;

/// <summary>
/// The lvm library's log event-id table (as Npgsql's <c>NpgsqlEventId</c>). The library logs nothing
/// today (results travel as <see cref="CommandResult"/> and its callers log them), but its block is
/// reserved so that a future <c>[LoggerMessage]</c> here cannot collide: the assembly owns
/// 7000-7999; the coordinator owns 1000-4999, the agent 5000-5999 and Shared.Mailbox 9000-9999.
/// <list type="table">
///   <listheader><term>range</term><description>area (types)</description></listheader>
///   <item><term>7000-7099</term><description>CommandRunner, LvmTool (reserved)</description></item>
///   <item><term>7100-7199</term><description>Vdsm metadata reading (reserved)</description></item>
/// </list>
/// </summary>
internal static class LvmEventIds
{
    /// <summary>First id of the lvm library's block.</summary>
    public const int AssemblyFirst = 7000;

    /// <summary>Last id of the lvm library's block.</summary>
    public const int AssemblyLast = 7999;

    /// <summary>The command runner and lvm tool.</summary>
    public const int Commands = 7000;

    /// <summary>Vdsm metadata reading.</summary>
    public const int Vdsm = 7100;

    /// <summary>The ranges above, each (area, first, last), for the table test.</summary>
    public static readonly (string Area, int First, int Last)[] Ranges =
    [
        ("Commands", Commands, 7099),
        ("Vdsm", Vdsm, 7199),
    ];
}
