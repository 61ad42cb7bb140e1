using LvExtend.Lvm;
using LvExtend.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Spm.Coordinator.Admin;

namespace Spm.Coordinator.IntegrationTests;

/// <summary>The add-pv device inspector on real loop devices, real lvm2 and real util-linux (read-only probes).</summary>
[Collection(LvmTestGroup.Name)]
public sealed class PhysicalVolumeInspectorTests
{
    private const long Mib = 1024 * 1024;
    private readonly BlkidPhysicalVolumeInspector _inspector = new(new CommandRunner(TimeProvider.System), "lvm", TimeSpan.FromSeconds(20), NullLogger.Instance);

    [Fact]
    public async Task Inspect_BlankLoopDevice_IsUsable()
    {
        await using var loop = LoopDevice.Create(64 * Mib);

        var result = await _inspector.InspectAsync(loop.Path, "vg", force: false, default);

        Assert.Equal(DeviceVerdict.Usable, result.Verdict);
        Assert.True(result.MayInitialize);
        Assert.Empty(result.Signatures);
    }

    [Fact]
    public async Task Inspect_Ext4Formatted_RefusedWithoutForce_AcceptedWithForce()
    {
        RequiredDependency.RequireCommand("mkfs.ext4", "e2fsprogs");
        await using var loop = LoopDevice.Create(64 * Mib);
        ProcessRunner.RunChecked("mkfs.ext4", "-q", "-F", loop.Path);

        var refused = await _inspector.InspectAsync(loop.Path, "vg", force: false, default);
        var forced = await _inspector.InspectAsync(loop.Path, "vg", force: true, default);

        Assert.Equal(DeviceVerdict.HasSignature, refused.Verdict);
        Assert.False(refused.MayInitialize);
        Assert.Contains("ext4", refused.Signatures);
        Assert.Contains("--force", refused.Detail, StringComparison.Ordinal);
        Assert.Equal(DeviceVerdict.UsableForced, forced.Verdict);
        Assert.True(forced.MayInitialize);
        Assert.Contains("ext4", forced.Signatures);
    }

    [Fact]
    public async Task Inspect_PvOfAnotherVg_RefusedEvenWithForce()
    {
        await using var other = await LoopVolumeGroup.CreateAsync(new LoopVolumeGroupOptions { PhysicalVolumeSizeGiB = 1 });

        var result = await _inspector.InspectAsync(other.Devices[0], "some-other-vg", force: true, default);

        Assert.Equal(DeviceVerdict.InUseByVolumeGroup, result.Verdict);
        Assert.False(result.MayInitialize);
        Assert.Contains(other.Name, result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_PvOfThisVg_SaysAlreadyAPvOfThisVg()
    {
        await using var vg = await LoopVolumeGroup.CreateAsync(new LoopVolumeGroupOptions { PhysicalVolumeSizeGiB = 1 });

        var result = await _inspector.InspectAsync(vg.Devices[0], vg.Name, force: false, default);

        Assert.Equal(DeviceVerdict.InUseByVolumeGroup, result.Verdict);
        Assert.Contains("already a PV of this VG", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_RegularFile_IsNotABlockDevice()
    {
        var result = await _inspector.InspectAsync("/etc/passwd", "vg", force: true, default);

        Assert.Equal(DeviceVerdict.NotABlockDevice, result.Verdict);
        Assert.False(result.MayInitialize);
    }

    [Theory]
    [InlineData("/dev/loop0\n/dev/sda")]
    [InlineData("/dev/loop0,/dev/sda")]
    [InlineData("dev/loop0")]
    [InlineData("")]
    [InlineData("/dev/\u0007bell")]
    public async Task Inspect_BadPath_IsRefusedBeforeAnyProbe(string path)
    {
        var result = await _inspector.InspectAsync(path, "vg", force: true, default);

        Assert.Equal(DeviceVerdict.InvalidPath, result.Verdict);
    }

    [Fact]
    public async Task Inspect_VeryLongPath_IsRefused()
    {
        var result = await _inspector.InspectAsync("/dev/" + new string('a', 300), "vg", force: true, default);

        Assert.Equal(DeviceVerdict.InvalidPath, result.Verdict);
    }

    [Fact]
    public async Task Inspect_Nothing_IsNotFound()
    {
        var result = await _inspector.InspectAsync("/dev/lvx-no-such-device", "vg", force: true, default);

        Assert.Equal(DeviceVerdict.NotFound, result.Verdict);
    }
}
