using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using LvExtend.Admin.V1;
using LvExtend.TestSupport;
using LvExtend.TestSupport.Coordinator;
using LvExtend.TestSupport.Mailbox;
using Shared.Mailbox;

namespace Spm.Coordinator.IntegrationTests.Grpc;

/// <summary>
/// A real coordinator for the gRPC tests: a fresh PostgreSQL database, a loop-device VG with one LV per
/// <see cref="Volumes"/>, mailbox files, and <c>dotnet Spm.Coordinator.dll</c> listening on a free port
/// of every IPv4 address (so that tests can call it from loopback and from the machine's own address).
/// Starts as the leader of its own pool. DisposeAsync kills it and removes everything.
/// </summary>
internal sealed class CoordinatorUnderTest : IAsyncDisposable
{
    /// <summary>The admin token the coordinator is configured with.</summary>
    public const string Token = "grpc-it-token-0123456789abcdef";

    /// <summary>The size every test LV starts with, in MiB.</summary>
    public const long InitialLvMib = 64;

    /// <summary>The capacity tag of every test LV, in MiB (cap = 1.1 x this).</summary>
    public const long CapacityMib = 512;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private CoordinatorUnderTest(PostgresDatabase database, LoopVolumeGroup vg, TempMailbox mailbox, int port)
    {
        Database = database;
        VolumeGroup = vg;
        Mailbox = mailbox;
        Port = port;
        Address = new Uri($"http://127.0.0.1:{port}");
        Client = new AdminTestClient(Address);
    }

    public PostgresDatabase Database { get; }

    public LoopVolumeGroup VolumeGroup { get; }

    /// <summary>The mailbox files.</summary>
    public TempMailbox Mailbox { get; }

    public int Port { get; }

    /// <summary>The loopback address of the gRPC endpoint.</summary>
    public Uri Address { get; }

    public AdminTestClient Client { get; }

    public CoordinatorProcess Process { get; private set; } = null!;

    public Guid DomainId { get; } = Guid.NewGuid();

    public string PoolId { get; } = "grpc-" + TestPaths.RandomSuffix(6);

    public string InstanceId { get; } = "grpc-it-" + TestPaths.RandomSuffix(4);

    /// <summary>Volumes (LV name = UUID) created before the coordinator starts.</summary>
    public IReadOnlyList<Guid> Volumes { get; } = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];

    public string InboxPath => Mailbox.InboxPath;

    public static async Task<CoordinatorUnderTest> StartAsync()
    {
        var database = await PostgresDatabase.CreateAsync();
        LoopVolumeGroup? vg = null;
        TempMailbox? mailbox = null;
        CoordinatorUnderTest? coordinator = null;
        try
        {
            vg = await LoopVolumeGroup.CreateAsync(new LoopVolumeGroupOptions { PhysicalVolumeCount = 1, PhysicalVolumeSizeGiB = 1 });
            mailbox = TempMailbox.Create();
            coordinator = new CoordinatorUnderTest(database, vg, mailbox, TcpPorts.NextFree(IPAddress.Any));
            await coordinator.StartProcessAsync();
            return coordinator;
        }
        catch
        {
            if (coordinator is not null)
            {
                await coordinator.DisposeAsync();
            }
            else
            {
                mailbox?.Dispose();
                vg?.Dispose();
                await database.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>The machine's first non-loopback IPv4 address (the test fails without one).</summary>
    public static IPAddress NonLoopbackAddress()
    {
        var address = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.OperationalStatus == System.Net.NetworkInformation.OperationalStatus.Up)
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        RequiredDependency.Require(address is not null, "a non-loopback IPv4 address", "Bring up a network interface with an IPv4 address");
        return address!;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (Process is not null)
        {
            await Process.DisposeAsync();
        }

        await VolumeGroup.DisposeAsync();
        Mailbox.Dispose();
        await Database.DisposeAsync();
    }

    /// <summary>
    /// Starts a second instance of the same pool (same database, VG and mailbox) on its own loopback port;
    /// it stays a standby while this one leads. The caller disposes the process.
    /// </summary>
    public async Task<(CoordinatorProcess Process, AdminTestClient Client)> StartStandbyAsync(string instanceId)
    {
        var process = StartProcess(instanceId, "127.0.0.1", TcpPorts.NextFree(), "standby");
        var client = new AdminTestClient(process.Address);
        try
        {
            await WaitForRoleAsync(process, client, Role.Standby);
            return (process, client);
        }
        catch
        {
            client.Dispose();
            await process.DisposeAsync();
            throw;
        }
    }

    private async Task StartProcessAsync()
    {
        foreach (var volume in Volumes)
        {
            VolumeGroup.CreateLv(volume.ToString(), InitialLvMib, $"lvx_capacity_mib={CapacityMib}");
        }

        Process = StartProcess(InstanceId, "0.0.0.0", Port, "coordinator");
        await WaitForRoleAsync(Process, Client, Role.Leader);
    }

    private CoordinatorProcess StartProcess(string instanceId, string listenHost, int port, string name) =>
        CoordinatorProcess.Start(
            new CoordinatorLaunchOptions
            {
                ConnectionString = Database.ConnectionString,
                PoolId = PoolId,
                InstanceId = instanceId,
                ListenHost = listenHost,
                ListenPort = port,
                AdminToken = Token,
                InboxPath = Mailbox.InboxPath,
                OutboxPath = Mailbox.OutboxPath,
                IoMode = MailboxIoMode.BufferedWithFsync,
                Domains = [new CoordinatorDomain(DomainId, VolumeGroup.Name, VolumeGroup.Devices)],
            },
            new CoordinatorProcessOptions { Name = name });

    /// <summary>Waits until <paramref name="process"/> answers GetStatus with <paramref name="role"/>; fails at once if it exits.</summary>
    private static async Task WaitForRoleAsync(CoordinatorProcess process, AdminTestClient client, Role role)
    {
        var wanted = $"role {role}";
        try
        {
            await Eventually.ValueAsync(
                async () =>
                {
                    if (process.Process.HasExited)
                    {
                        throw new InvalidOperationException($"The coordinator exited with code {process.Process.ExitCode}:\n{process.Process.Output}");
                    }

                    try
                    {
                        return $"role {(await client.GetStatusAsync()).Role}";
                    }
                    catch (RpcException ex)
                    {
                        return $"{ex.StatusCode}: {ex.Status.Detail}";
                    }
                },
                answer => answer == wanted,
                $"the coordinator {process.InstanceId} answers as {role}",
                StartTimeout,
                pollInterval: TimeSpan.FromMilliseconds(200));
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}. Output:\n{process.Process.Output}", ex);
        }
    }
}
