namespace Spm.Coordinator.Telemetry;

/// <summary>
/// The coordinator's log event-id table (as Npgsql's <c>NpgsqlEventId</c>): every
/// <c>[LoggerMessage]</c> in this assembly uses an id inside one of these ranges, and no id twice.
/// The assembly owns 1000-4999; the agent owns 5000-5999, LvExtend.Lvm 7000-7999 and
/// Shared.Mailbox 9000-9999. A test (EventIdTableTests) checks the table against the attributes.
/// <list type="table">
///   <listheader><term>range</term><description>area (folder / types)</description></listheader>
///   <item><term>1000-1099</term><description>Hosting: start-up (StartupService)</description></item>
///   <item><term>1100-1199</term><description>Store: schema migrations (MigrationRunner)</description></item>
///   <item><term>1200-1299</term><description>Leadership: election, renewal, terms (LeaderElectionService)</description></item>
///   <item><term>1300-1399</term><description>Lvm: the coordinator's lvm client (LvmClient)</description></item>
///   <item><term>1400-1449</term><description>Extension: the pipeline, VG state, leased lvm, fenced recorder, PV adder, VG worker</description></item>
///   <item><term>1450-1469</term><description>Extension: the term's mailbox, runtime and side loop</description></item>
///   <item><term>1470-1479</term><description>Extension: LeaderTermRunner</description></item>
///   <item><term>1480-1499</term><description>Admin: physical-volume inspection (BlkidPhysicalVolumeInspector)</description></item>
///   <item><term>1600-1699</term><description>Policies: PolicyService</description></item>
///   <item><term>3000-3999</term><description>Admin: CoordinatorAdmin</description></item>
///   <item><term>4000-4999</term><description>Grpc: admin authorization</description></item>
/// </list>
/// </summary>
internal static class CoordinatorEventIds
{
    /// <summary>First id of the coordinator's block.</summary>
    public const int AssemblyFirst = 1000;

    /// <summary>Last id of the coordinator's block.</summary>
    public const int AssemblyLast = 4999;

    /// <summary>Start-up.</summary>
    public const int Hosting = 1000;

    /// <summary>Schema migrations.</summary>
    public const int Store = 1100;

    /// <summary>Election and terms.</summary>
    public const int Leadership = 1200;

    /// <summary>The lvm client.</summary>
    public const int Lvm = 1300;

    /// <summary>The extend pipeline and its parts.</summary>
    public const int ExtendPipeline = 1400;

    /// <summary>The term's mailbox, runtime and side loop.</summary>
    public const int Term = 1450;

    /// <summary>The leader-term runner.</summary>
    public const int TermRunner = 1470;

    /// <summary>Physical-volume inspection.</summary>
    public const int PhysicalVolumeInspection = 1480;

    /// <summary>Policies.</summary>
    public const int Policies = 1600;

    /// <summary>Admin operations.</summary>
    public const int Admin = 3000;

    /// <summary>gRPC admin authorization.</summary>
    public const int Grpc = 4000;

    /// <summary>The ranges above, each (area, first, last), for the table test.</summary>
    public static readonly (string Area, int First, int Last)[] Ranges =
    [
        ("Hosting", Hosting, 1099),
        ("Store", Store, 1199),
        ("Leadership", Leadership, 1299),
        ("Lvm", Lvm, 1399),
        ("ExtendPipeline", ExtendPipeline, 1449),
        ("Term", Term, 1469),
        ("TermRunner", TermRunner, 1479),
        ("PhysicalVolumeInspection", PhysicalVolumeInspection, 1499),
        ("Policies", Policies, 1699),
        ("Admin", Admin, 3999),
        ("Grpc", Grpc, AssemblyLast),
    ];
}
