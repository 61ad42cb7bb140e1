using Hsm.Agent.IntegrationTests.Support;
using Hsm.Agent.Options;
using LvExtend.Agent.V1;
using LvExtend.TestSupport;
using Xunit.Abstractions;

namespace Hsm.Agent.IntegrationTests.EndToEnd;

/// <summary>
/// The end-to-end scenarios again with the agent on libvirt (Agent:VmSource=Libvirt): PostgreSQL, the
/// coordinator process(es), a VG on loop devices, the whole agent in-process, and the guest as a transient
/// libvirt domain (type qemu, TCG) writing into a qcow2 on the loop-activated LV: extend ahead, VG full then
/// add-pv, leader killed mid-write. The ENOSPC pause/resume,
/// operator-pause and libvirtd-restart scenarios run at source level in Sources/LibvirtSourceTests.
/// </summary>
public sealed class LibvirtEndToEndTests(ITestOutputHelper output)
{
    private const long Mib = GuestRig.Mib;
    private static readonly TimeSpan GuestTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task GuestWritesFourTimesTheLv_PolicyExtendsAhead_ExtensionsHappenWithoutPauseAndDataVerifies()
    {
        await using var e2e = await EndToEndRig.CreateAsync(lvMib: 64, capacityMib: 1024, output);
        var leader = e2e.StartCoordinator("c1");
        await EndToEndRig.WaitForLeaderAsync(leader);
        await e2e.StartAgentAsync(chunkMib: 128, utilizationPercent: 20, VmSourceKind.Libvirt);
        var guest = await e2e.Guest.StartLibvirtGuestAsync(writeMib: 256, rateMibps: 60);
        e2e.Agent.VmName = guest.Name;

        await e2e.Agent.WaitForDriveAsync((_, d) => d.State == DriveState.Set, "SET");
        await guest.ResumeAsync();
        var running = guest.WaitForResultAsync(GuestTimeout);
        var (vm, drive) = await e2e.Agent.LastSeenDriveUntilAsync(running);
        var result = await running;
        await guest.DisposeAsync();

        Assert.Equal("Libvirt", vm.Source);
        Assert.True(result.Ok, result.Line);
        Assert.Equal(256, result.WrittenMib);
        Assert.Equal(0, vm.Pauses);
        Assert.True(drive.Physical >= 256 * Mib, $"physical {drive.Physical}");
        Assert.True(e2e.Guest.Vg.GetLvSizeBytes(e2e.Guest.Lv) >= 256 * Mib);
        Assert.NotNull(drive.LastExtension);
        Assert.True(drive.LastExtension.MailboxSeconds > 0);
        output.WriteLine($"last extension: {drive.LastExtension}");
        Assert.Equal(0, Qcow2.Check(e2e.Guest.DevicePath).ExitCode);
    }

    [Fact]
    public async Task VgFull_GuestPausesAndStaysPaused_AddPvThroughTheCoordinator_GuestResumesByItselfAndVerifies()
    {
        await using var e2e = await EndToEndRig.CreateAsync(lvMib: 32, capacityMib: 1024, output, physicalVolumeSizeGiB: 1);
        var vg = e2e.Guest.Vg;
        vg.CreateLv("filler", (vg.GetVg().FreeBytes / Mib) - 32);
        var leader = e2e.StartCoordinator("c1");
        await EndToEndRig.WaitForLeaderAsync(leader);
        await e2e.StartAgentAsync(chunkMib: 64, utilizationPercent: 50, VmSourceKind.Libvirt);
        var guest = await e2e.Guest.StartLibvirtGuestAsync(writeMib: 160, rateMibps: 0);
        e2e.Agent.VmName = guest.Name;

        await e2e.Agent.WaitForDriveAsync((_, d) => d.State == DriveState.Set, "SET");
        await guest.ResumeAsync();
        await e2e.Agent.WaitForDriveAsync((v, _) => v.PausedOnNospace, "paused on ENOSPC", TimeSpan.FromSeconds(120));
        var progress = guest.Console.LatestProgressMib;
        await Task.Delay(TimeSpan.FromSeconds(3));
        var (stillPaused, drive) = await e2e.Agent.WaitForDriveAsync((_, _) => true, "status");
        Assert.True(stillPaused.PausedOnNospace);
        Assert.Equal("paused (I/O error)", await guest.StateAsync());
        Assert.Equal(progress, guest.Console.LatestProgressMib);
        Assert.Equal(DriveState.Exceeded, drive.State);

        var added = await e2e.AddPhysicalVolumeAsync(leader, sizeGiB: 1);
        var running = guest.WaitForResultAsync(GuestTimeout);
        var (vm, _) = await e2e.Agent.LastSeenDriveUntilAsync(running);
        var result = await running;
        await guest.DisposeAsync();

        Assert.True(result.Ok, result.Line);
        Assert.Equal(160, result.WrittenMib);
        Assert.True(vm.Resumes >= 1, $"resumes {vm.Resumes}");
        Assert.True(vm.Pauses >= 1);
        Assert.Equal(2, vg.GetVg().PhysicalVolumeCount);
        output.WriteLine($"add-pv: {added}; pauses {vm.Pauses}, resumes {vm.Resumes}");
        Assert.Equal(0, Qcow2.Check(e2e.Guest.DevicePath).ExitCode);
    }
    [Fact]
    public async Task LeaderKilledWhileTheGuestWrites_StandbyTakesOver_GuestFinishesWithVerifiedData()
    {
        await using var e2e = await EndToEndRig.CreateAsync(lvMib: 32, capacityMib: 1024, output);
        var first = e2e.StartCoordinator("c1");
        await EndToEndRig.WaitForLeaderAsync(first);
        var standby = e2e.StartCoordinator("c2");
        await e2e.StartAgentAsync(chunkMib: 64, utilizationPercent: 50, VmSourceKind.Libvirt);
        var guest = await e2e.Guest.StartLibvirtGuestAsync(writeMib: 320, rateMibps: 40);
        e2e.Agent.VmName = guest.Name;

        await e2e.Agent.WaitForDriveAsync((_, d) => d.State == DriveState.Set, "SET");
        await guest.ResumeAsync();
        await e2e.Agent.WaitForDriveAsync((_, d) => d.LastExtension is not null && d.Physical >= 96 * Mib, "extended by the first leader", TimeSpan.FromSeconds(120));
        await first.Process.DisposeAsync();
        var sizeAtKill = e2e.Guest.Vg.GetLvSizeBytes(e2e.Guest.Lv);
        await EndToEndRig.WaitForLeaderAsync(standby);
        var running = guest.WaitForResultAsync(GuestTimeout);
        var (vm, drive) = await e2e.Agent.LastSeenDriveUntilAsync(running);
        var result = await running;
        await guest.DisposeAsync();

        Assert.True(result.Ok, result.Line);
        Assert.Equal(320, result.WrittenMib);
        Assert.True(drive.Physical >= 320 * Mib, $"physical {drive.Physical}");
        Assert.True(e2e.Guest.Vg.GetLvSizeBytes(e2e.Guest.Lv) > sizeAtKill, "the standby extended nothing");
        Assert.Equal(vm.Pauses, vm.Resumes);
        output.WriteLine($"size at kill {sizeAtKill / Mib} MiB, final {drive.Physical / Mib} MiB, pauses {vm.Pauses}");
        Assert.Equal(0, Qcow2.Check(e2e.Guest.DevicePath).ExitCode);
    }
}
