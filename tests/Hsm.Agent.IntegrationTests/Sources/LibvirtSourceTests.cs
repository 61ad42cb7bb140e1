using Hsm.Agent.Grpc;
using Hsm.Agent.IntegrationTests.Support;
using Hsm.Agent.Monitoring;
using Hsm.Agent.Options;
using LvExtend.TestSupport;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Xunit.Abstractions;

namespace Hsm.Agent.IntegrationTests.Sources;

/// <summary>
/// The VM source contract against a real libvirtd (transient domains, type qemu, TCG), plus what only
/// libvirt has: an unreachable URI, domains without a pool drive, and libvirtd restarting under a writing guest.
/// </summary>
public sealed class LibvirtSourceTests(ITestOutputHelper output) : VmSourceContractTests(output)
{
    private protected override VmSourceKind Source => VmSourceKind.Libvirt;

    [Fact]
    public async Task UnreachableUri_SourceKeepsRetryingAndSaysWhy_NothingCrashes()
    {
        LibvirtGuest.Require();
        await using var rig = await GuestRig.CreateAsync(lvMib: 16, capacityMib: 64);
        var options = new LibvirtOptions
        {
            Uri = "qemu+unix:///system?socket=/nonexistent/libvirt-sock",
            ReconnectInitialDelay = TimeSpan.FromMilliseconds(100),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
        };
        await using var agent = new MonitorRig(rig, new LvextendRequestSender(rig.Vg, rig.Lv), new ExtensionPolicyOptions(), Output, Source, options);
        await agent.StartAsync();
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.False(agent.Libvirt!.IsConnected);
        Assert.Contains("virConnectOpen", agent.Libvirt.LastError, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/libvirt-sock", agent.Libvirt.LastError, StringComparison.Ordinal);
        Assert.Single(agent.Logs.Lines, l => l.Contains("[5601]", StringComparison.Ordinal));
        Assert.Empty(agent.Registry.All);
        var health = await new LibvirtHealthCheck(agent.Libvirt).CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.Contains("/nonexistent/libvirt-sock", health.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DomainsWithoutAPoolDrive_ListedWithNoDrive_IgnoredWithOneLogLine()
    {
        await using var rig = await GuestRig.CreateAsync(lvMib: 16, capacityMib: 64);
        await using var agent = new MonitorRig(rig, new LvextendRequestSender(rig.Vg, rig.Lv), new ExtensionPolicyOptions(), Output, Source);
        await agent.StartAsync();
        // The same qcow2, but named by its loop device: not under the agent's device root, so not a pool volume.
        var loop = new FileInfo(rig.DevicePath).LinkTarget!;
        await using var outside = await LibvirtGuest.StartAsync(new LibvirtGuestOptions { DevicePath = loop, WriteMib = 0 });
        await using var diskless = await LibvirtGuest.StartAsync(new LibvirtGuestOptions { DevicePath = null, WriteMib = 0 });

        agent.VmName = outside.Name;
        var first = await agent.WaitForVmAsync(v => v.Connection == VmConnectionState.Connected, "listed");
        agent.VmName = diskless.Name;
        var second = await agent.WaitForVmAsync(v => v.Connection == VmConnectionState.Connected, "listed");
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Empty(first.Drives);
        Assert.Empty(second.Drives);
        Assert.Single(agent.Logs.Lines, l => l.Contains("[5607]", StringComparison.Ordinal) && l.Contains(outside.Name, StringComparison.Ordinal));
        Assert.Single(agent.Logs.Lines, l => l.Contains("[5608]", StringComparison.Ordinal) && l.Contains(diskless.Name, StringComparison.Ordinal));
        Assert.True(agent.Libvirt!.IsConnected);
    }

    [Fact]
    public async Task LibvirtdRestartedWhileTheGuestWrites_SourceReconnectsRearmsAndNothingIsLost()
    {
        await using var rig = await GuestRig.CreateAsync(lvMib: 32, capacityMib: 1024);
        var sender = new LvextendRequestSender(rig.Vg, rig.Lv);
        await using var agent = new MonitorRig(rig, sender, new ExtensionPolicyOptions { ChunkMib = 32, UtilizationPercent = 50, Adaptive = { Enabled = false } }, Output, Source);
        await agent.StartAsync();
        var guest = await rig.StartLibvirtGuestAsync(writeMib: 192, rateMibps: 16);
        agent.VmName = guest.Name;
        await agent.WaitForDriveAsync(d => d.State == DriveState.Set, "SET");
        await guest.ResumeAsync();
        await WaitForProgressAsync(guest, 24);

        await LibvirtDaemon.RestartAsync(TimeSpan.FromSeconds(60));
        await agent.WaitForVmAsync(v => v.Connection == VmConnectionState.Connected && agent.Libvirt!.IsConnected, "reconnected");
        var result = await guest.WaitForResultAsync(TimeSpan.FromMinutes(2));
        var vm = agent.LastSeenVm()!;
        await guest.DisposeAsync();

        Assert.True(result.Ok, result.Line);
        Assert.Equal(192, result.WrittenMib);
        Assert.Contains(agent.Logs.Lines, l => l.Contains("[5602]", StringComparison.Ordinal));
        Assert.Equal(2, agent.Logs.Lines.Count(l => l.Contains("[5600]", StringComparison.Ordinal)));
        Assert.Equal(vm.Pauses, vm.Resumes);
        Assert.True(rig.Vg.GetLvSizeBytes(rig.Lv) >= 192 * Mib);
        Assert.True(sender.Requests.Count(r => r.Succeeded) >= 4, $"{sender.Requests.Count} extensions");
        Output.WriteLine($"extensions {sender.Requests.Count}, pauses {vm.Pauses}, last {vm.Drives[0].LastExtension}");
        Assert.Equal(0, Qcow2.Check(rig.DevicePath).ExitCode);
    }

    private protected override async Task<string> StartGuestAsync(GuestRig rig, int writeMib, int rateMibps) =>
        (await rig.StartLibvirtGuestAsync(writeMib, rateMibps)).Name;

    private protected override async Task<long> ArmedThresholdAsync(GuestRig rig) =>
        long.Parse((await rig.Domain!.BlockStatsAsync())["block.0.threshold"], System.Globalization.CultureInfo.InvariantCulture);

    private protected override async Task<bool> IsPausedByOperatorAsync(GuestRig rig) => await rig.Domain!.StateAsync() == "paused (user)";

    private static async Task WaitForProgressAsync(LibvirtGuest guest, int mib)
    {
        var latest = await Eventually.LatestAsync(
            () => Task.FromResult(guest.Console.LatestProgressMib), p => p >= mib, TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(100));
        Assert.True(latest >= mib, $"no progress to {mib} MiB:\n{guest.Console.Tail()}");
    }
}
