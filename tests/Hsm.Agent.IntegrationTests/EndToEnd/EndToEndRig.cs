using Grpc.Core;
using Grpc.Net.Client;
using Hsm.Agent.IntegrationTests.Support;
using Hsm.Agent.Options;
using LvExtend.Admin.V1;
using LvExtend.TestSupport;
using LvExtend.TestSupport.Coordinator;
using Shared.Mailbox;
using Xunit.Abstractions;
using Drive = LvExtend.Agent.V1.Drive;
using Vm = LvExtend.Agent.V1.Vm;

namespace Hsm.Agent.IntegrationTests.EndToEnd;

/// <summary>
/// Everything real: PostgreSQL (LVX_TEST_PG), coordinator processes, a VG on loop devices, the agent
/// in-process, and a TCG guest (qemu run directly, or a libvirt domain) writing into a qcow2 on a
/// loop-activated LV.
/// </summary>
internal sealed class EndToEndRig : IAsyncDisposable
{
    /// <summary>The coordinators' admin API token.</summary>
    public const string AdminToken = "e2e-admin-token-0123456789";

    private readonly List<CoordinatorProcess> _coordinators = [];
    private readonly ITestOutputHelper _output;

    private EndToEndRig(PostgresDatabase database, GuestRig guest, ITestOutputHelper output)
    {
        Database = database;
        Guest = guest;
        _output = output;
    }

    public PostgresDatabase Database { get; }

    public GuestRig Guest { get; }

    public AgentHost Agent { get; private set; } = null!;

    public string PoolId { get; } = "e2e-" + Guid.NewGuid().ToString("N")[..8];

    public static async Task<EndToEndRig> CreateAsync(long lvMib, long capacityMib, ITestOutputHelper output, int physicalVolumeSizeGiB = 2)
    {
        var database = await PostgresDatabase.CreateAsync();
        try
        {
            var guest = await GuestRig.CreateAsync(lvMib, capacityMib, physicalVolumeSizeGiB);
            return new EndToEndRig(database, guest, output);
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts coordinator <paramref name="instanceId"/> for one pool with one domain (the rig's VG), the rig's mailbox
    /// files and the rig's database; short lease timings so that a standby takes over within seconds.
    /// </summary>
    public CoordinatorProcess StartCoordinator(string instanceId)
    {
        var coordinator = CoordinatorProcess.Start(LaunchOptions(instanceId), new CoordinatorProcessOptions { Output = _output });
        _coordinators.Add(coordinator);
        return coordinator;
    }

    /// <summary>Starts coordinator <paramref name="instanceId"/> and waits until it leads.</summary>
    public async Task<CoordinatorProcess> StartLeaderAsync(string instanceId)
    {
        var leader = StartCoordinator(instanceId);
        await WaitForLeaderAsync(leader);
        return leader;
    }

    public async Task StartAgentAsync(VmSourceKind source, int chunkMib, int utilizationPercent, IReadOnlyDictionary<string, string?>? extraSettings = null) =>
        Agent = await AgentHost.StartAsync(Guest, chunkMib, utilizationPercent, _output, source: source, extraSettings: extraSettings);

    /// <summary>
    /// Waits for the guest's result while polling the agent's status: the result and the last status that
    /// still showed the VM's drive (a finished guest powers off and leaves the status).
    /// </summary>
    public async Task<(GuestResult Result, Vm Vm, Drive Drive)> WaitForGuestResultAsync(TimeSpan timeout)
    {
        var running = Guest.WaitForResultAsync(timeout);
        var (vm, drive) = await Agent.LastSeenDriveUntilAsync(running);
        return (await running, vm, drive);
    }

    /// <summary>Stops the guest that has printed its result, then checks its qcow2 (qemu-img check exits 0).</summary>
    public async Task AssertImageIntactAsync()
    {
        await Guest.StopGuestAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, Qcow2.Check(Guest.DevicePath).ExitCode);
    }

    /// <summary>Waits until <paramref name="coordinator"/> reports itself leader through its admin API.</summary>
    public static async Task WaitForLeaderAsync(CoordinatorProcess coordinator, TimeSpan? timeout = null)
    {
        using var channel = GrpcChannel.ForAddress(coordinator.Address);
        var client = new Admin.AdminClient(channel);
        await Eventually.ValueAsync(
            async () =>
            {
                if (coordinator.Process.HasExited)
                {
                    throw new InvalidOperationException($"coordinator {coordinator.InstanceId} exited: {coordinator.Process.Output}");
                }

                try
                {
                    var status = await client.GetStatusAsync(new GetStatusRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
                    return (Leader: status.Role == Role.Leader, Last: status.ToString());
                }
                catch (RpcException ex)
                {
                    return (Leader: false, Last: ex.Status.ToString());
                }
            },
            answer => answer.Leader,
            $"coordinator {coordinator.InstanceId} becomes leader",
            timeout ?? TimeSpan.FromSeconds(60),
            TimeSpan.FromMilliseconds(100));
    }

    /// <summary>Adds a new loop device as a PV through the leader's admin API (AddPhysicalVolume).</summary>
    public async Task<AddPhysicalVolumeResponse> AddPhysicalVolumeAsync(CoordinatorProcess leader, long sizeGiB)
    {
        var device = Guest.Vg.AddPhysicalVolume(sizeGiB);
        using var channel = GrpcChannel.ForAddress(leader.Address);
        var client = new Admin.AdminClient(channel);
        var headers = new Metadata { { "authorization", "Bearer " + AdminToken } };
        return await client.AddPhysicalVolumeAsync(
            new AddPhysicalVolumeRequest { Domain = Guest.DomainId.ToString(), DevicePath = device }, headers, DateTime.UtcNow.AddSeconds(60));
    }

    private CoordinatorLaunchOptions LaunchOptions(string instanceId) => new()
    {
        ConnectionString = Database.ConnectionString,
        InstanceId = instanceId,
        PoolId = PoolId,
        ListenPort = TcpPorts.NextFree(),
        AdminToken = AdminToken,
        InboxPath = Guest.InboxPath,
        OutboxPath = Guest.OutboxPath,
        MaxHosts = 4,
        IoMode = MailboxIoMode.BufferedWithFsync,
        Lease = new()
        {
            Ttl = TimeSpan.FromSeconds(3),
            RenewInterval = TimeSpan.FromMilliseconds(500),
            AcquireInterval = TimeSpan.FromMilliseconds(250),
            SafetyMargin = TimeSpan.FromMilliseconds(500),
        },
        SpacePollInterval = TimeSpan.FromMilliseconds(250),
        Domains = [new CoordinatorDomain(Guest.DomainId, Guest.Vg.Name, Guest.Vg.Devices)],
        // The legacy flat key too, with the same token (as the coordinators here have always been started).
        AdditionalSettings = new Dictionary<string, string?> { ["Coordinator:AdminToken"] = AdminToken },
    };

    public async ValueTask DisposeAsync()
    {
        if (Agent is not null)
        {
            await Agent.DisposeAsync();
        }

        foreach (var coordinator in _coordinators)
        {
            await coordinator.DisposeAsync();
        }

        await Guest.DisposeAsync();
        await Database.DisposeAsync();
    }
}
