using Hsm.Agent.IntegrationTests.Support;
using Hsm.Agent.Monitoring;
using Hsm.Agent.Options;
using LvExtend.TestSupport;
using Xunit.Abstractions;

namespace Hsm.Agent.IntegrationTests.Monitoring;

/// <summary>
/// The agent's monitors against a real qemu guest on a loop-activated LV, extending with the real
/// lvextend (mailbox and coordinator stand-in: <see cref="LvextendRequestSender"/>).
/// </summary>
public sealed class VmMonitorQemuTests(ITestOutputHelper output)
{
    private const long Mib = GuestRig.Mib;

    [Fact]
    public async Task GuestWritesFourTimesTheLv_PolicyExtendsAhead_NoPauseAndDataVerifies()
    {
        await using var rig = await GuestRig.CreateAsync(lvMib: 64, capacityMib: 1024);
        var sender = new LvextendRequestSender(rig.Vg, rig.Lv);
        await using var agent = new MonitorRig(rig, sender, new ExtensionPolicyOptions { ChunkMib = 128, UtilizationPercent = 20, Adaptive = { Enabled = false } }, output);
        await agent.StartAsync();
        await rig.StartGuestAsync(writeMib: 256, rateMibps: 60, output);

        var armed = await agent.WaitForDriveAsync(d => d.State == DriveState.Set, "SET");
        await rig.ContAsync();
        var result = await rig.Guest.WaitForResultAsync(TimeSpan.FromMinutes(2));
        var vm = agent.LastSeenVm();

        Assert.True(result.Ok, result.Line);
        Assert.Equal(256, result.WrittenMib);
        Assert.Equal((64 + 128) * Mib, armed.Physical); // extended before the guest wrote anything
        Assert.True(sender.Requests.Count(r => r.Succeeded) >= 2, $"{sender.Requests.Count} extensions");
        Assert.True(rig.Vg.GetLvSizeBytes(rig.Lv) >= 256 * Mib);
        Assert.Empty(rig.ObservedEvents("BLOCK_IO_ERROR"));
        Assert.Equal(0, vm!.Pauses);
        var drive = Assert.Single(vm.Drives);
        Assert.NotNull(drive.LastExtension);
        Assert.True(drive.Watermark >= 256 * Mib);
        output.WriteLine($"extensions {sender.Requests.Count}, last: {drive.LastExtension}");
        await rig.Guest.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, Qcow2.Check(rig.DevicePath).ExitCode);
    }

    [Fact]
    public async Task GuestExitsAndSocketGoes_VmIsDroppedCleanly()
    {
        await using var rig = await GuestRig.CreateAsync(lvMib: 64, capacityMib: 256);
        var sender = new LvextendRequestSender(rig.Vg, rig.Lv);
        await using var agent = new MonitorRig(rig, sender, new ExtensionPolicyOptions { ChunkMib = 64, UtilizationPercent = 50, Adaptive = { Enabled = false } }, output);
        await agent.StartAsync();
        await rig.StartGuestAsync(writeMib: 8, rateMibps: 0, output);
        await agent.WaitForDriveAsync(d => d.State == DriveState.Set, "SET");

        await rig.ContAsync();
        await rig.Guest.WaitForResultAsync(TimeSpan.FromMinutes(2));
        await rig.Guest.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        File.Delete(Path.Combine(rig.VmDirectory, GuestRig.VmName + ".qmp"));
        await Eventually.TrueAsync(() => agent.Vm() is null, "the VM is dropped", TimeSpan.FromSeconds(30), pollInterval: TimeSpan.FromMilliseconds(50));

        Assert.Empty(agent.Registry.All);
    }
}
