using Hsm.Agent.IntegrationTests.Support;
using Hsm.Agent.Monitoring;
using Hsm.Agent.Options;
using LvExtend.TestSupport;
using Xunit.Abstractions;

namespace Hsm.Agent.IntegrationTests.Sources;

/// <summary>
/// The VM source port: the same tests against raw QMP (<see cref="QmpDirectorySourceTests"/>) and libvirt
/// (<see cref="LibvirtSourceTests"/>). Real guests on a loop-activated LV; extensions by the real lvextend
/// (<see cref="LvextendRequestSender"/>). The drive monitor, extension flow and status are one code path:
/// only discovery, arming, events and resume differ, and that is what these tests pin down.
/// </summary>
public abstract class VmSourceContractTests(ITestOutputHelper output)
{
    protected const long Mib = GuestRig.Mib;

    protected ITestOutputHelper Output => output;

    private protected abstract VmSourceKind Source { get; }

    [Fact]
    public async Task GuestStartedPaused_PoolDriveFoundAndArmedAtPhysicalMinusLimit_StatusNamesTheSource()
    {
        await using var rig = await GuestRig.CreateAsync(lvMib: 64, capacityMib: 1024);
        var sender = new LvextendRequestSender(rig.Vg, rig.Lv);
        await using var agent = new MonitorRig(rig, sender, new ExtensionPolicyOptions { ChunkMib = 64, UtilizationPercent = 50, Adaptive = { Enabled = false } }, output, Source);
        await agent.StartAsync();
        agent.VmName = await StartGuestAsync(rig, writeMib: 0, rateMibps: 0);

        var drive = await agent.WaitForDriveAsync(d => d.State == DriveState.Set, "SET");
        var vm = agent.LastSeenVm()!;

        Assert.Equal(Source, vm.Source);
        Assert.Equal(VmConnectionState.Connected, vm.Connection);
        Assert.Equal(rig.Lv, drive.Drive.Volume.LogicalVolume);
        Assert.Equal(rig.DomainId, drive.Drive.Volume.DomainId);
        Assert.Equal(64 * Mib, drive.Physical);
        Assert.Equal(1024 * Mib, drive.Capacity);
        Assert.Equal(32 * Mib, drive.Threshold);
        Assert.Equal(32 * Mib, await ArmedThresholdAsync(rig));
        Assert.Empty(sender.Requests);
    }

    [Fact]
    public async Task PolicyTooSmallForTheWriteRate_GuestPausesOnEnospc_ExtendedAndResumedByItself_DataVerifies()
    {
        await using var rig = await GuestRig.CreateAsync(lvMib: 16, capacityMib: 1024);
        var sender = new LvextendRequestSender(rig.Vg, rig.Lv);
        await using var agent = new MonitorRig(rig, sender, new ExtensionPolicyOptions { ChunkMib = 16, UtilizationPercent = 99, Adaptive = { Enabled = false } }, output, Source);
        await agent.StartAsync();
        agent.VmName = await StartGuestAsync(rig, writeMib: 96, rateMibps: 0);

        await agent.WaitForDriveAsync(d => d.State == DriveState.Set, "SET");
        await rig.ResumeAsync();
        var result = await rig.WaitForResultAsync(TimeSpan.FromMinutes(2));
        var vm = agent.LastSeenVm()!;
        await rig.StopGuestAsync(TimeSpan.FromSeconds(30));

        Assert.True(result.Ok, result.Line);
        Assert.Equal(96, result.WrittenMib);
        Assert.True(vm.Pauses >= 1, $"pauses {vm.Pauses}");
        Assert.Equal(vm.Pauses, vm.Resumes);
        Assert.True(rig.Vg.GetLvSizeBytes(rig.Lv) >= 96 * Mib);
        output.WriteLine($"{Source}: pauses {vm.Pauses}, resumes {vm.Resumes}, extensions {sender.Requests.Count}");
        Assert.Equal(0, Qcow2.Check(rig.DevicePath).ExitCode);
    }

    [Fact]
    public async Task VmPausedByTheOperator_UrgentExtensionCompletes_VmIsNotResumed()
    {
        await using var rig = await GuestRig.CreateAsync(lvMib: 16, capacityMib: 1024);
        var sender = new LvextendRequestSender(rig.Vg, rig.Lv);
        // The 32 MiB free-space limit exceeds the 16 MiB LV: the first check extends at once.
        await using var agent = new MonitorRig(rig, sender, new ExtensionPolicyOptions { ChunkMib = 64, UtilizationPercent = 50, Adaptive = { Enabled = false } }, output, Source);
        await agent.StartAsync();
        agent.VmName = await StartGuestAsync(rig, writeMib: 0, rateMibps: 0);

        var drive = await agent.WaitForDriveAsync(d => d.LastExtension is not null, "extended");
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.False(drive.LastExtension!.Resumed);
        Assert.Equal(80 * Mib, drive.Physical);
        Assert.True(await IsPausedByOperatorAsync(rig), "the operator's pause was lifted");
        Assert.Equal(0, agent.LastSeenVm()!.Resumes);
    }

    /// <summary>Starts the guest paused (not on an I/O error); returns the VM name the source will use.</summary>
    private protected abstract Task<string> StartGuestAsync(GuestRig rig, int writeMib, int rateMibps);

    /// <summary>The threshold armed in qemu/libvirt, read independently of the agent.</summary>
    private protected abstract Task<long> ArmedThresholdAsync(GuestRig rig);

    /// <summary>The VM is still in the pause it was started in (not running, not an I/O-error pause).</summary>
    private protected abstract Task<bool> IsPausedByOperatorAsync(GuestRig rig);
}
