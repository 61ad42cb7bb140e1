namespace Hsm.Agent.Telemetry;

/// <summary>
/// The agent's log event-id table (as Npgsql's <c>NpgsqlEventId</c>): every <c>[LoggerMessage]</c>
/// in this assembly uses an id inside one of these ranges, and no id twice. The assembly owns
/// 5000-5999; the coordinator owns 1000-4999, LvExtend.Lvm 7000-7999 and Shared.Mailbox 9000-9999.
/// A test (EventIdTableTests) checks the table against the attributes.
/// <list type="table">
///   <listheader><term>range</term><description>area (folder / types)</description></listheader>
///   <item><term>5000-5099</term><description>Hosting: the QMP-directory VM source (VmDirectoryService)</description></item>
///   <item><term>5100-5199</term><description>Qmp: QmpClient</description></item>
///   <item><term>5200-5299</term><description>Monitoring: DriveMonitor, DriveExtensionFlow</description></item>
///   <item><term>5300-5399</term><description>Monitoring: VmMonitor, QmpEventDispatcher</description></item>
///   <item><term>5400-5499</term><description>Activation: LoopVolumeActivator</description></item>
///   <item><term>5500-5599</term><description>Options: ExtensionPolicyMonitor</description></item>
///   <item><term>5600-5699</term><description>Libvirt: LibvirtVmSource</description></item>
///   <item><term>5700-5999</term><description>free</description></item>
/// </list>
/// </summary>
internal static class AgentEventIds
{
    /// <summary>First id of the agent's block.</summary>
    public const int AssemblyFirst = 5000;

    /// <summary>Last id of the agent's block.</summary>
    public const int AssemblyLast = 5999;

    /// <summary>The QMP-directory VM source.</summary>
    public const int Hosting = 5000;

    /// <summary>The QMP client.</summary>
    public const int Qmp = 5100;

    /// <summary>Drive monitors.</summary>
    public const int DriveMonitor = 5200;

    /// <summary>VM monitors.</summary>
    public const int VmMonitor = 5300;

    /// <summary>Volume activation.</summary>
    public const int Activation = 5400;

    /// <summary>Options and policy.</summary>
    public const int Options = 5500;

    /// <summary>The libvirt VM source.</summary>
    public const int Libvirt = 5600;

    /// <summary>The ranges above, each (area, first, last), for the table test.</summary>
    public static readonly (string Area, int First, int Last)[] Ranges =
    [
        ("Hosting", Hosting, 5099),
        ("Qmp", Qmp, 5199),
        ("DriveMonitor", DriveMonitor, 5299),
        ("VmMonitor", VmMonitor, 5399),
        ("Activation", Activation, 5499),
        ("Options", Options, 5599),
        ("Libvirt", Libvirt, 5699),
    ];
}
