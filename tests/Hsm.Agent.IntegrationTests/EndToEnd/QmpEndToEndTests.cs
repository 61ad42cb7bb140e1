using Hsm.Agent.IntegrationTests.Support;
using Hsm.Agent.Options;
using Xunit.Abstractions;

namespace Hsm.Agent.IntegrationTests.EndToEnd;

/// <summary>
/// The end-to-end scenarios with the agent on raw QMP (Agent:VmSource=QmpDirectory, qemu run directly),
/// plus two that run for this source only: adaptive growth, and a policy too small for the write rate
/// (ENOSPC pause and self-resume; under libvirt that runs at source level in Sources/LibvirtSourceTests).
/// </summary>
public sealed class QmpEndToEndTests(ITestOutputHelper output) : EndToEndScenarios(output)
{
    private protected override VmSourceKind Source => VmSourceKind.QmpDirectory;

    [Fact]
    public async Task AdaptiveGrowth_GuestWritesFourTimesTheLv_ChunkFollowsTheRate_NoPauseAndDataVerifies()
    {
        await using var e2e = await EndToEndRig.CreateAsync(lvMib: 64, capacityMib: 1024, Output);
        await e2e.StartLeaderAsync("c1");
        await StartWritingGuestAsync(e2e, chunkMib: 16, utilizationPercent: 99, writeMib: 256, rateMibps: 60, extraSettings: new Dictionary<string, string?>
        {
            // Adaptive growth on: the fixed 16 MiB / 99 % policy passed above is not used.
            ["Agent:Policy:Adaptive:Enabled"] = "true",
            ["Agent:Policy:Adaptive:MinChunkMib"] = "128",
            ["Agent:Policy:Adaptive:MinHeadroomMib"] = "128",
            ["Agent:Policy:Adaptive:MaxChunkMib"] = "512",
        });

        var (result, vm, drive) = await e2e.WaitForGuestResultAsync(GuestTimeout);

        Assert.True(result.Ok, result.Line);
        Assert.Equal(256, result.WrittenMib);
        AssertTheTestSawNoIoError(e2e.Guest);
        Assert.Equal(0, vm.Pauses);
        Assert.True(drive.Physical >= 256 * Mib, $"physical {drive.Physical}");
        Assert.InRange(drive.LastChunkBytes, 128 * Mib, 512 * Mib);
        Assert.True(drive.WriteRateMibps > 0, $"write rate {drive.WriteRateMibps}");
        Output.WriteLine($"adaptive: last chunk {drive.LastChunkBytes / Mib} MiB, write rate {drive.WriteRateMibps:0.#} MiB/s, physical {drive.Physical / Mib} MiB");
        await e2e.AssertImageIntactAsync();
    }

    [Fact]
    public async Task PolicyTooSmallForTheWriteRate_GuestPausesOnEnospc_AgentResumesItWithoutHelp()
    {
        await using var e2e = await EndToEndRig.CreateAsync(lvMib: 16, capacityMib: 1024, Output);
        await e2e.StartLeaderAsync("c1");
        await StartWritingGuestAsync(e2e, chunkMib: 16, utilizationPercent: 99, writeMib: 128, rateMibps: 0);

        var (result, vm, _) = await e2e.WaitForGuestResultAsync(GuestTimeout);

        Assert.Equal(vm.Pauses, vm.Resumes);
        Assert.True(result.Ok, result.Line);
        Assert.Equal(128, result.WrittenMib);
        Assert.NotEmpty(e2e.Guest.ObservedEvents("BLOCK_IO_ERROR"));
        Assert.True(vm.Pauses >= 1, $"pauses {vm.Pauses}");
        Output.WriteLine($"pauses {vm.Pauses}, resumes {vm.Resumes}");
        await e2e.AssertImageIntactAsync();
    }

    private protected override async Task<string> StartGuestAsync(GuestRig rig, int writeMib, int rateMibps)
    {
        await rig.StartGuestAsync(writeMib, rateMibps, Output);
        return GuestRig.VmName;
    }

    private protected override void AssertTheTestSawNoIoError(GuestRig rig) => Assert.Empty(rig.ObservedEvents("BLOCK_IO_ERROR"));
}
