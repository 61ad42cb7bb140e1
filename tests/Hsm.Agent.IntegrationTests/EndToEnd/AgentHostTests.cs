using Grpc.Health.V1;
using Hsm.Agent.IntegrationTests.Support;
using LvExtend.Agent.V1;
using LvExtend.TestSupport;
using Xunit.Abstractions;

namespace Hsm.Agent.IntegrationTests.EndToEnd;

/// <summary>The agent's web host: grpc.health.v1, the status API and /metrics, without a coordinator.</summary>
public sealed class AgentHostTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Health_MailboxAndVmDirectoryUsable_Serving_VmDirectoryGone_NotServing()
    {
        await using var rig = await GuestRig.CreateAsync(lvMib: 16, capacityMib: 64);
        await using var agent = await AgentHost.StartAsync(rig, chunkMib: 64, utilizationPercent: 50, output);
        var health = new Health.HealthClient(agent.Channel);

        var serving = await health.CheckAsync(new HealthCheckRequest());
        Directory.Delete(rig.VmDirectory);
        var notServing = await health.CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, serving.Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, notServing.Status);
    }

    [Fact]
    public async Task Status_GuestStartedPaused_ShowsTheVmAndTheArmedDrive_MetricsServeTheMeter()
    {
        await using var rig = await GuestRig.CreateAsync(lvMib: 64, capacityMib: 256);
        var metricsUrl = $"http://127.0.0.1:{TcpPorts.NextFree()}";
        await using var agent = await AgentHost.StartAsync(rig, chunkMib: 32, utilizationPercent: 50, output, hostId: 5, metricsUrl: metricsUrl);
        await rig.StartGuestAsync(writeMib: 0, rateMibps: 0, output);

        var (vm, drive) = await agent.WaitForDriveAsync((_, d) => d.State == DriveState.Set, "SET");
        var status = await agent.Status.GetStatusAsync(new GetStatusRequest());
        using var http = new HttpClient();
        var metrics = await http.GetStringAsync(metricsUrl + "/metrics");

        Assert.Equal(5, status.HostId);
        Assert.Equal("Loop", status.ActivationBackend);
        Assert.Equal(32, status.Policy.ChunkMib);
        Assert.Equal(GuestRig.VmName, vm.Name);
        Assert.Equal("CONNECTED", vm.Connection);
        Assert.Equal("prelaunch", vm.RunStatus);
        Assert.Equal(rig.DevicePath, drive.Path);
        Assert.Equal(rig.Vg.Name, drive.VolumeGroup);
        Assert.Equal(rig.Lv, drive.LogicalVolume);
        Assert.Equal(rig.DomainId.ToString(), drive.DomainId);
        Assert.Equal("prot0", drive.ProtocolNode);
        Assert.Equal(64L << 20, drive.Physical);
        Assert.Equal(256L << 20, drive.Capacity);
        Assert.Equal((64L - 16) << 20, drive.Threshold);
        Assert.Empty(status.Pending);
        Assert.Contains("lvextend_agent_extend_pending", metrics, StringComparison.Ordinal);
    }
}
