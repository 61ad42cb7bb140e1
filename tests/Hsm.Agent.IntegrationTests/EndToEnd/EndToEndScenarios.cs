using Hsm.Agent.IntegrationTests.Support;
using Hsm.Agent.Options;
using LvExtend.Agent.V1;
using Xunit.Abstractions;

namespace Hsm.Agent.IntegrationTests.EndToEnd;

/// <summary>
/// Issue 4 item 8, everything real: PostgreSQL, the coordinator process(es), a VG on loop devices, the
/// agent (in-process host: mailbox, VM source, gRPC), and a TCG guest writing into a qcow2 on a
/// loop-activated LV; the guest reads everything back and verifies it. The scenarios here run once per VM
/// source (<see cref="QmpEndToEndTests"/>: qemu run directly, <see cref="LibvirtEndToEndTests"/>: a libvirt
/// domain); a subclass says only which source the agent uses and how the guest is started. Scenarios
/// that run for one source only live in that source's class.
/// </summary>
public abstract class EndToEndScenarios(ITestOutputHelper output)
{
    protected const long Mib = GuestRig.Mib;

    /// <summary>How long a guest may take to print its result (a TCG guest on 2 shared cores).</summary>
    protected static readonly TimeSpan GuestTimeout = TimeSpan.FromMinutes(3);

    protected ITestOutputHelper Output => output;

    /// <summary>The agent's Agent:VmSource.</summary>
    private protected abstract VmSourceKind Source { get; }

    [Fact]
    public async Task GuestWritesFourTimesTheLv_PolicyExtendsAhead_ExtensionsHappenWithoutPauseAndDataVerifies()
    {
        await using var e2e = await EndToEndRig.CreateAsync(lvMib: 64, capacityMib: 1024, output);
        await e2e.StartLeaderAsync("c1");
        await StartWritingGuestAsync(e2e, chunkMib: 128, utilizationPercent: 20, writeMib: 256, rateMibps: 60);

        var (result, vm, drive) = await e2e.WaitForGuestResultAsync(GuestTimeout);

        Assert.Equal(Source.ToString(), vm.Source);
        Assert.True(result.Ok, result.Line);
        Assert.Equal(256, result.WrittenMib);
        AssertTheTestSawNoIoError(e2e.Guest);
        Assert.Equal(0, vm.Pauses);
        Assert.True(drive.Physical >= 256 * Mib, $"physical {drive.Physical}");
        Assert.True(e2e.Guest.Vg.GetLvSizeBytes(e2e.Guest.Lv) >= 256 * Mib);
        Assert.NotNull(drive.LastExtension);
        Assert.True(drive.LastExtension.MailboxSeconds > 0);
        Assert.Equal(128 * Mib, drive.LastChunkBytes); // the fixed chunk (adaptive growth off in AgentHost)
        output.WriteLine($"last extension: {drive.LastExtension}, write rate {drive.WriteRateMibps:0.#} MiB/s");
        await e2e.AssertImageIntactAsync();
    }

    [Fact]
    public async Task VgFull_GuestPausesAndStaysPaused_AddPvThroughTheCoordinator_GuestResumesByItselfAndVerifies()
    {
        await using var e2e = await EndToEndRig.CreateAsync(lvMib: 32, capacityMib: 1024, output, physicalVolumeSizeGiB: 1);
        var vg = e2e.Guest.Vg;
        vg.CreateLv("filler", (vg.GetVg().FreeBytes / Mib) - 32);
        var leader = await e2e.StartLeaderAsync("c1");
        await StartWritingGuestAsync(e2e, chunkMib: 64, utilizationPercent: 50, writeMib: 160, rateMibps: 0);

        await e2e.Agent.WaitForDriveAsync((v, _) => v.PausedOnNospace, "paused on ENOSPC", TimeSpan.FromSeconds(120));
        var progress = e2e.Guest.LatestProgressMib;
        await Task.Delay(TimeSpan.FromSeconds(3));
        var (stillPaused, pausedDrive) = await e2e.Agent.WaitForDriveAsync((_, _) => true, "status");
        Assert.True(stillPaused.PausedOnNospace);
        Assert.Equal(e2e.Guest.IoErrorPauseState, await e2e.Guest.RunStateAsync());
        Assert.Equal(progress, e2e.Guest.LatestProgressMib);
        Assert.Equal(DriveState.Exceeded, pausedDrive.State);

        var added = await e2e.AddPhysicalVolumeAsync(leader, sizeGiB: 1);
        var (result, vm, _) = await e2e.WaitForGuestResultAsync(GuestTimeout);

        Assert.True(result.Ok, result.Line);
        Assert.Equal(160, result.WrittenMib);
        Assert.True(vm.Resumes >= 1, $"resumes {vm.Resumes}");
        Assert.True(vm.Pauses >= 1);
        Assert.Equal(2, vg.GetVg().PhysicalVolumeCount);
        output.WriteLine($"add-pv: {added}; pauses {vm.Pauses}, resumes {vm.Resumes}");
        await e2e.AssertImageIntactAsync();
    }

    [Fact]
    public async Task LeaderKilledWhileTheGuestWrites_StandbyTakesOver_GuestFinishesWithVerifiedData()
    {
        await using var e2e = await EndToEndRig.CreateAsync(lvMib: 32, capacityMib: 1024, output);
        var first = await e2e.StartLeaderAsync("c1");
        var standby = e2e.StartCoordinator("c2");
        await StartWritingGuestAsync(e2e, chunkMib: 64, utilizationPercent: 50, writeMib: 384, rateMibps: 40);

        await e2e.Agent.WaitForDriveAsync((_, d) => d.LastExtension is not null && d.Physical >= 96 * Mib, "extended by the first leader", TimeSpan.FromSeconds(120));
        await first.Process.DisposeAsync();
        var sizeAtKill = e2e.Guest.Vg.GetLvSizeBytes(e2e.Guest.Lv);
        await EndToEndRig.WaitForLeaderAsync(standby);
        var (result, vm, drive) = await e2e.WaitForGuestResultAsync(GuestTimeout);

        Assert.True(result.Ok, result.Line);
        Assert.Equal(384, result.WrittenMib);
        Assert.True(drive.Physical >= 384 * Mib, $"physical {drive.Physical}");
        Assert.True(e2e.Guest.Vg.GetLvSizeBytes(e2e.Guest.Lv) > sizeAtKill, "the standby extended nothing");
        Assert.Equal(vm.Pauses, vm.Resumes);
        output.WriteLine($"size at kill {sizeAtKill / Mib} MiB, final {drive.Physical / Mib} MiB, pauses {vm.Pauses}");
        await e2e.AssertImageIntactAsync();
    }

    /// <summary>Starts the guest paused on the rig's LV; returns the VM name the agent lists it under.</summary>
    private protected abstract Task<string> StartGuestAsync(GuestRig rig, int writeMib, int rateMibps);

    /// <summary>
    /// Asserts that the test's own view of the guest showed no I/O error, where the test has one (the QMP
    /// observer's events); elsewhere the agent's pause count (asserted too) stands alone.
    /// </summary>
    private protected virtual void AssertTheTestSawNoIoError(GuestRig rig)
    {
    }

    /// <summary>
    /// Starts the agent on <see cref="Source"/> and the guest (paused); once the agent has armed the
    /// guest's drive, lets the guest run.
    /// </summary>
    private protected async Task StartWritingGuestAsync(EndToEndRig e2e, int chunkMib, int utilizationPercent, int writeMib, int rateMibps,
        IReadOnlyDictionary<string, string?>? extraSettings = null)
    {
        await e2e.StartAgentAsync(Source, chunkMib, utilizationPercent, extraSettings);
        e2e.Agent.VmName = await StartGuestAsync(e2e.Guest, writeMib, rateMibps);
        await e2e.Agent.WaitForDriveAsync((_, d) => d.State == DriveState.Set, "SET");
        await e2e.Guest.ResumeAsync();
    }
}
