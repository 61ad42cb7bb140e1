using LvExtend.TestSupport;
using LvExtend.TestSupport.Coordinator;

namespace LvExtend.Bench.Coordinator;

/// <summary>What one coordinator process is started with.</summary>
/// <param name="ConnectionString">Its own PostgreSQL database.</param>
/// <param name="PoolId">The pool (one lease, one mailbox).</param>
/// <param name="InboxPath">The inbox file.</param>
/// <param name="OutboxPath">The outbox file.</param>
/// <param name="MaxHosts">Host ids served: 1..MaxHosts.</param>
/// <param name="Timing">The mailbox intervals.</param>
/// <param name="DomainId">The storage domain UUID the simulated hosts put in their requests.</param>
/// <param name="VgName">The domain's VG.</param>
/// <param name="Devices">The VG's PVs.</param>
/// <param name="RunDirectory">Where its pid and log files go.</param>
/// <param name="Instance">Its instance id (several coordinators of one pool); null: bench-&lt;timing name&gt;.</param>
/// <param name="IdleEventInterval">The idle doorbell interval (null: the shipped default).</param>
/// <param name="ActiveWindow">How long after a ring the doorbell stays fast (null: the shipped default).</param>
/// <param name="AppDirectory">Where Spm.Coordinator.dll is (<see cref="BenchSettings.CoordinatorDirectory"/>); null: next to this program.</param>
/// <param name="AdminToken">The admin API's token (null: none, admin calls refused).</param>
internal sealed record CoordinatorLaunch(
    string ConnectionString,
    string PoolId,
    string InboxPath,
    string OutboxPath,
    int MaxHosts,
    TimingProfile Timing,
    Guid DomainId,
    string VgName,
    IReadOnlyList<string> Devices,
    string RunDirectory,
    string? Instance = null,
    TimeSpan? IdleEventInterval = null,
    TimeSpan? ActiveWindow = null,
    string? AppDirectory = null,
    string? AdminToken = null)
{
    /// <summary>Its instance id: <see cref="Instance"/>, else bench-&lt;timing name&gt;.</summary>
    public string InstanceId => Instance ?? $"bench-{Timing.Name}";

    /// <summary>The coordinator's configuration (direct I/O, /metrics off, a free loopback port).</summary>
    public CoordinatorLaunchOptions ToLaunchOptions() => new()
    {
        ConnectionString = ConnectionString,
        PoolId = PoolId,
        InstanceId = InstanceId,
        AdminToken = AdminToken,
        ListenPort = TcpPorts.NextFree(),
        InboxPath = InboxPath,
        OutboxPath = OutboxPath,
        MaxHosts = MaxHosts,
        EventInterval = Timing.EventInterval,
        FullScanInterval = Timing.FullScanInterval,
        IdleEventInterval = IdleEventInterval,
        ActiveWindow = ActiveWindow,
        Domains = [new CoordinatorDomain(DomainId, VgName, Devices)],
    };
}
