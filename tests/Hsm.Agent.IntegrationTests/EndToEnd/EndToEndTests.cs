using Hsm.Agent.IntegrationTests.Support;
using LvExtend.Agent.V1;
using LvExtend.TestSupport;
using Xunit.Abstractions;

namespace Hsm.Agent.IntegrationTests.EndToEnd;

/// <summary>
/// Issue 4 item 8, everything real: PostgreSQL, the coordinator process(es), a VG on loop devices, the
/// agent (in-process host: mailbox, QMP, gRPC), and a qemu TCG guest writing into a qcow2 on a
/// loop-activated LV; the guest reads everything back and verifies it.
/// </summary>
public sealed class EndToEndTests(ITestOutputHelper output)
{
    private const long Mib = GuestRig.Mib;
    private static readonly TimeSpan GuestTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task GuestWritesFourTimesTheLv_PolicyExtendsAhead_ExtensionsHappenWithoutPauseAndDataVerifies()
    {
        await using var e2e = await EndToEndRig.CreateAsync(lvMib: 64, capacityMib: 1024, output);
        var leader = e2e.StartCoordinator("c1");
        await EndToEndRig.WaitForLeaderAsync(leader);
        await e2e.StartAgentAsync(chunkMib: 128, utilizationPercent: 20);
        await e2e.Guest.StartGuestAsync(writeMib: 256, rateMibps: 60, output);

        await e2e.Agent.WaitForDriveAsync((_, d) => d.State == DriveState.Set, "SET");
        await e2e.Guest.ContAsync();
        var running = e2e.Guest.Guest.WaitForResultAsync(GuestTimeout);
        var (vm, drive) = await e2e.Agent.LastSeenDriveUntilAsync(running);
        var result = await running;
        Assert.True(drive.Physical >= 256 * Mib, $"physical {drive.Physical}");

        Assert.True(result.Ok, result.Line);
        Assert.Equal(256, result.WrittenMib);
        Assert.Empty(e2e.Guest.ObservedEvents("BLOCK_IO_ERROR"));
        Assert.Equal(0, vm.Pauses);
        Assert.True(e2e.Guest.Vg.GetLvSizeBytes(e2e.Guest.Lv) >= 256 * Mib);
        Assert.NotNull(drive.LastExtension);
        Assert.True(drive.LastExtension.MailboxSeconds > 0);
        Assert.Equal(128 * Mib, drive.LastChunkBytes); // the fixed chunk (adaptive growth off in AgentHost)
        output.WriteLine($"last extension: {drive.LastExtension}, write rate {drive.WriteRateMibps:0.#} MiB/s");
        await e2e.Guest.Guest.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, Qcow2.Check(e2e.Guest.DevicePath).ExitCode);
    }

    [Fact]
    public async Task AdaptiveGrowth_GuestWritesFourTimesTheLv_ChunkFollowsTheRate_NoPauseAndDataVerifies()
    {
        await using var e2e = await EndToEndRig.CreateAsync(lvMib: 64, capacityMib: 1024, output);
        var leader = e2e.StartCoordinator("c1");
        await EndToEndRig.WaitForLeaderAsync(leader);
        await e2e.StartAgentAsync(chunkMib: 16, utilizationPercent: 99, extraSettings: new Dictionary<string, string?>
        {
            // Adaptive growth on: the fixed 16 MiB / 99 % policy passed above is not used.
            ["Agent:Policy:Adaptive:Enabled"] = "true",
            ["Agent:Policy:Adaptive:MinChunkMib"] = "128",
            ["Agent:Policy:Adaptive:MinHeadroomMib"] = "128",
            ["Agent:Policy:Adaptive:MaxChunkMib"] = "512",
        });
        await e2e.Guest.StartGuestAsync(writeMib: 256, rateMibps: 60, output);

        await e2e.Agent.WaitForDriveAsync((_, d) => d.State == DriveState.Set, "SET");
        await e2e.Guest.ContAsync();
        var running = e2e.Guest.Guest.WaitForResultAsync(GuestTimeout);
        var (vm, drive) = await e2e.Agent.LastSeenDriveUntilAsync(running);
        var result = await running;

        Assert.True(result.Ok, result.Line);
        Assert.Equal(256, result.WrittenMib);
        Assert.Empty(e2e.Guest.ObservedEvents("BLOCK_IO_ERROR"));
        Assert.Equal(0, vm.Pauses);
        Assert.True(drive.Physical >= 256 * Mib, $"physical {drive.Physical}");
        Assert.InRange(drive.LastChunkBytes, 128 * Mib, 512 * Mib);
        Assert.True(drive.WriteRateMibps > 0, $"write rate {drive.WriteRateMibps}");
        output.WriteLine($"adaptive: last chunk {drive.LastChunkBytes / Mib} MiB, write rate {drive.WriteRateMibps:0.#} MiB/s, physical {drive.Physical / Mib} MiB");
        await e2e.Guest.Guest.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, Qcow2.Check(e2e.Guest.DevicePath).ExitCode);
    }

    [Fact]
    public async Task PolicyTooSmallForTheWriteRate_GuestPausesOnEnospc_AgentResumesItWithoutHelp()
    {
        await using var e2e = await EndToEndRig.CreateAsync(lvMib: 16, capacityMib: 1024, output);
        var leader = e2e.StartCoordinator("c1");
        await EndToEndRig.WaitForLeaderAsync(leader);
        await e2e.StartAgentAsync(chunkMib: 16, utilizationPercent: 99);
        await e2e.Guest.StartGuestAsync(writeMib: 128, rateMibps: 0, output);

        await e2e.Agent.WaitForDriveAsync((_, d) => d.State == DriveState.Set, "SET");
        await e2e.Guest.ContAsync();
        var running = e2e.Guest.Guest.WaitForResultAsync(GuestTimeout);
        var (vm, _) = await e2e.Agent.LastSeenDriveUntilAsync(running);
        var result = await running;
        Assert.Equal(vm.Pauses, vm.Resumes);

        Assert.True(result.Ok, result.Line);
        Assert.Equal(128, result.WrittenMib);
        Assert.NotEmpty(e2e.Guest.ObservedEvents("BLOCK_IO_ERROR"));
        Assert.True(vm.Pauses >= 1, $"pauses {vm.Pauses}");
        output.WriteLine($"pauses {vm.Pauses}, resumes {vm.Resumes}");
        await e2e.Guest.Guest.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
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
        await e2e.StartAgentAsync(chunkMib: 64, utilizationPercent: 50);
        await e2e.Guest.StartGuestAsync(writeMib: 160, rateMibps: 0, output);

        await e2e.Agent.WaitForDriveAsync((_, d) => d.State == DriveState.Set, "SET");
        await e2e.Guest.ContAsync();
        await e2e.Agent.WaitForDriveAsync((v, _) => v.PausedOnNospace, "paused on ENOSPC", TimeSpan.FromSeconds(90));
        var progress = e2e.Guest.Guest.LatestProgressMib;
        await Task.Delay(TimeSpan.FromSeconds(3));
        var (stillPaused, drive) = await e2e.Agent.WaitForDriveAsync((_, _) => true, "status");
        Assert.True(stillPaused.PausedOnNospace);
        Assert.Equal("io-error", (await e2e.Guest.Observer.ExecuteAsync("query-status")).GetProperty("status").GetString());
        Assert.Equal(progress, e2e.Guest.Guest.LatestProgressMib);
        Assert.Equal(DriveState.Exceeded, drive.State);

        var added = await e2e.AddPhysicalVolumeAsync(leader, sizeGiB: 1);
        var running = e2e.Guest.Guest.WaitForResultAsync(GuestTimeout);
        var (vm, _) = await e2e.Agent.LastSeenDriveUntilAsync(running);
        var result = await running;
        Assert.True(vm.Resumes >= 1, $"resumes {vm.Resumes}");

        Assert.True(result.Ok, result.Line);
        Assert.Equal(160, result.WrittenMib);
        Assert.True(vm.Pauses >= 1);
        Assert.Equal(2, vg.GetVg().PhysicalVolumeCount);
        output.WriteLine($"add-pv: {added}; pauses {vm.Pauses}, resumes {vm.Resumes}");
        await e2e.Guest.Guest.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, Qcow2.Check(e2e.Guest.DevicePath).ExitCode);
    }

    [Fact]
    public async Task LeaderKilledWhileTheGuestWrites_StandbyTakesOver_GuestFinishesWithVerifiedData()
    {
        await using var e2e = await EndToEndRig.CreateAsync(lvMib: 32, capacityMib: 1024, output);
        var first = e2e.StartCoordinator("c1");
        await EndToEndRig.WaitForLeaderAsync(first);
        var standby = e2e.StartCoordinator("c2");
        await e2e.StartAgentAsync(chunkMib: 64, utilizationPercent: 50);
        await e2e.Guest.StartGuestAsync(writeMib: 384, rateMibps: 40, output);

        await e2e.Agent.WaitForDriveAsync((_, d) => d.State == DriveState.Set, "SET");
        await e2e.Guest.ContAsync();
        await e2e.Agent.WaitForDriveAsync((_, d) => d.LastExtension is not null && d.Physical >= 96 * Mib, "extended by the first leader");
        await first.Process.DisposeAsync();
        var sizeAtKill = e2e.Guest.Vg.GetLvSizeBytes(e2e.Guest.Lv);
        await EndToEndRig.WaitForLeaderAsync(standby);
        var running = e2e.Guest.Guest.WaitForResultAsync(GuestTimeout);
        var (vm, drive) = await e2e.Agent.LastSeenDriveUntilAsync(running);
        var result = await running;
        Assert.True(drive.Physical >= 384 * Mib, $"physical {drive.Physical}");

        Assert.True(result.Ok, result.Line);
        Assert.Equal(384, result.WrittenMib);
        Assert.True(e2e.Guest.Vg.GetLvSizeBytes(e2e.Guest.Lv) > sizeAtKill, "the standby extended nothing");
        Assert.Equal(vm.Pauses, vm.Resumes);
        output.WriteLine($"size at kill {sizeAtKill / Mib} MiB, final {drive.Physical / Mib} MiB, pauses {vm.Pauses}");
        await e2e.Guest.Guest.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, Qcow2.Check(e2e.Guest.DevicePath).ExitCode);
    }
}
