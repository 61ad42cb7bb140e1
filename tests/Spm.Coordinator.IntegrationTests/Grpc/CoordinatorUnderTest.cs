using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using LvExtend.Admin.V1;
using LvExtend.TestSupport;

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

    private CoordinatorUnderTest(PostgresDatabase database, LoopVolumeGroup vg, string directory, int port)
    {
        Database = database;
        VolumeGroup = vg;
        Directory = directory;
        Port = port;
        Address = new Uri($"http://127.0.0.1:{port}");
        Client = new AdminTestClient(Address);
    }

    public PostgresDatabase Database { get; }

    public LoopVolumeGroup VolumeGroup { get; }

    /// <summary>The temp directory holding the mailbox files.</summary>
    public string Directory { get; }

    public int Port { get; }

    /// <summary>The loopback address of the gRPC endpoint.</summary>
    public Uri Address { get; }

    public AdminTestClient Client { get; }

    public ManagedProcess Process { get; private set; } = null!;

    public Guid DomainId { get; } = Guid.NewGuid();

    public string PoolId { get; } = "grpc-" + TestPaths.RandomSuffix(6);

    public string InstanceId { get; } = "grpc-it-" + TestPaths.RandomSuffix(4);

    /// <summary>Volumes (LV name = UUID) created before the coordinator starts.</summary>
    public IReadOnlyList<Guid> Volumes { get; } = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];

    public string InboxPath => Path.Combine(Directory, "inbox");

    public string OutboxPath => Path.Combine(Directory, "outbox");

    public static async Task<CoordinatorUnderTest> StartAsync()
    {
        var database = await PostgresDatabase.CreateAsync();
        LoopVolumeGroup? vg = null;
        CoordinatorUnderTest? coordinator = null;
        try
        {
            vg = await LoopVolumeGroup.CreateAsync(new LoopVolumeGroupOptions { PhysicalVolumeCount = 1, PhysicalVolumeSizeGiB = 1 });
            coordinator = new CoordinatorUnderTest(database, vg, TestPaths.CreateTempDirectory("grpc"), FreePort());
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
        TestPaths.DeleteDirectoryQuietly(Directory);
        await Database.DisposeAsync();
    }

    private async Task StartProcessAsync()
    {
        foreach (var volume in Volumes)
        {
            VolumeGroup.CreateLv(volume.ToString(), InitialLvMib, $"lvx_capacity_mib={CapacityMib}");
        }

        await File.WriteAllBytesAsync(InboxPath, new byte[1024 * 1024]);
        await File.WriteAllBytesAsync(OutboxPath, new byte[1024 * 1024]);
        Process = StartProcess(InstanceId, Port, "coordinator");
        await WaitForLeaderAsync(TimeSpan.FromSeconds(90));
    }

    /// <summary>
    /// Starts a second instance of the same pool (same database, VG and mailbox) on its own loopback port;
    /// it stays a standby while this one leads. The caller disposes the process.
    /// </summary>
    public async Task<(ManagedProcess Process, AdminTestClient Client)> StartStandbyAsync(string instanceId)
    {
        var port = FreePort();
        var process = StartProcess(instanceId, port, "standby");
        var client = new AdminTestClient(new Uri($"http://127.0.0.1:{port}"));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        var last = "no answer yet";
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                var status = await client.GetStatusAsync();
                if (status.Role == Role.Standby)
                {
                    return (process, client);
                }

                last = $"role {status.Role}";
            }
            catch (RpcException ex)
            {
                last = $"{ex.StatusCode}: {ex.Status.Detail}";
            }

            await Task.Delay(200);
        }

        client.Dispose();
        var output = process.Output;
        await process.DisposeAsync();
        throw new TimeoutException($"The standby did not answer as a standby ({last}). Output:\n{output}");
    }

    private ManagedProcess StartProcess(string instanceId, int port, string name)
    {
        string[] arguments =
        [
            $"--ConnectionStrings:Postgres={Database.ConnectionString}",
            $"--Coordinator:PoolId={PoolId}",
            $"--Coordinator:InstanceId={instanceId}",
            $"--Coordinator:Listen=http://0.0.0.0:{port}",
            "--Coordinator:Telemetry:MetricsListen=",
            $"--Coordinator:Admin:Token={Token}",
            $"--Coordinator:Mailbox:InboxPath={InboxPath}",
            $"--Coordinator:Mailbox:OutboxPath={OutboxPath}",
            "--Coordinator:Mailbox:MaxHosts=8",
            "--Coordinator:Mailbox:IoMode=BufferedWithFsync",
            $"--Coordinator:Domains:0:DomainId={DomainId}",
            $"--Coordinator:Domains:0:VgName={VolumeGroup.Name}",
            .. VolumeGroup.Devices.Select((device, i) => $"--Coordinator:Domains:0:PhysicalVolumes:{i}={device}"),
        ];
        return DotnetApp.Start("Spm.Coordinator", arguments, new ManagedProcessOptions
        {
            Name = name,
            Environment = new Dictionary<string, string?> { ["LVM_SUPPRESS_FD_WARNINGS"] = "1" },
        });
    }

    private async Task WaitForLeaderAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        string last = "no answer yet";
        while (DateTime.UtcNow < deadline)
        {
            if (Process.HasExited)
            {
                throw new InvalidOperationException($"The coordinator exited with code {Process.ExitCode}:\n{Process.Output}");
            }

            try
            {
                var status = await Client.GetStatusAsync();
                if (status.Role == Role.Leader)
                {
                    return;
                }

                last = $"role {status.Role}";
            }
            catch (RpcException ex)
            {
                last = $"{ex.StatusCode}: {ex.Status.Detail}";
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The coordinator did not become the leader within {timeout.TotalSeconds:0} s ({last}). Output:\n{Process.Output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Any, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
