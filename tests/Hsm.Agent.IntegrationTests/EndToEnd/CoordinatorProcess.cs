using System.Globalization;
using Hsm.Agent.IntegrationTests.Support;
using LvExtend.TestSupport;
using Xunit.Abstractions;

namespace Hsm.Agent.IntegrationTests.EndToEnd;

/// <summary>
/// A real Spm.Coordinator process (dotnet Spm.Coordinator.dll from the test's output directory),
/// configured on the command line for one pool with one domain (the rig's VG), the rig's mailbox files
/// and a PostgreSQL database. Short lease timings so a standby takes over within seconds.
/// </summary>
internal sealed class CoordinatorProcess : IAsyncDisposable
{
    public const string AdminToken = "e2e-admin-token-0123456789";

    private CoordinatorProcess(string instanceId, int port, ManagedProcess process)
    {
        InstanceId = instanceId;
        Address = $"http://127.0.0.1:{port}";
        Process = process;
    }

    public string InstanceId { get; }

    public string Address { get; }

    public ManagedProcess Process { get; }

    public static CoordinatorProcess Start(string instanceId, GuestRig rig, string poolId, string connectionString, ITestOutputHelper output)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Spm.Coordinator.dll");
        RequiredDependency.Require(File.Exists(dll), "Spm.Coordinator.dll next to the tests", "Build tests/Hsm.Agent.IntegrationTests");
        var port = FreePort.Next();
        List<string> args =
        [
            dll,
            $"--ConnectionStrings:Postgres={connectionString}",
            $"--Coordinator:InstanceId={instanceId}",
            $"--Coordinator:PoolId={poolId}",
            $"--Coordinator:Listen=http://127.0.0.1:{port}",
            $"--Coordinator:AdminToken={AdminToken}",
            $"--Coordinator:Admin:Token={AdminToken}",
            "--Coordinator:Telemetry:MetricsListen=",
            $"--Coordinator:Mailbox:InboxPath={rig.InboxPath}",
            $"--Coordinator:Mailbox:OutboxPath={rig.OutboxPath}",
            "--Coordinator:Mailbox:MaxHosts=4",
            "--Coordinator:Mailbox:IoMode=BufferedWithFsync",
            "--Coordinator:Lease:Ttl=00:00:03",
            "--Coordinator:Lease:RenewInterval=00:00:00.500",
            "--Coordinator:Lease:AcquireInterval=00:00:00.250",
            "--Coordinator:Lease:SafetyMargin=00:00:00.500",
            "--Coordinator:Extension:SpacePollInterval=00:00:00.250",
            $"--Coordinator:Domains:0:DomainId={rig.DomainId}",
            $"--Coordinator:Domains:0:VgName={rig.Vg.Name}",
        ];
        var devices = rig.Vg.Devices;
        for (var i = 0; i < devices.Count; i++)
        {
            args.Add(string.Create(CultureInfo.InvariantCulture, $"--Coordinator:Domains:0:PhysicalVolumes:{i}={devices[i]}"));
        }

        var process = ManagedProcess.Start("dotnet", args, new ManagedProcessOptions { Name = instanceId, Output = output });
        return new CoordinatorProcess(instanceId, port, process);
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
