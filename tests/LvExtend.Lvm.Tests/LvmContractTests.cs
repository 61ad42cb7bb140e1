using LvExtend.TestSupport;

namespace LvExtend.Lvm.Tests;

/// <summary>
/// The contract of the library's lvm port (<see cref="LvmTool"/> over an <see cref="ICommandRunner"/>), run against a
/// real VG on loop devices (<see cref="LoopVolumeGroup"/>) for every runner implementation.
/// </summary>
public abstract class LvmContractTests : IAsyncLifetime
{
    private const long Mib = 1L << 20;

    protected LoopVolumeGroup Vg { get; private set; } = null!;

    protected LvmTool Lvm { get; private set; } = null!;

    /// <summary>The runner under test.</summary>
    protected abstract ICommandRunner CreateRunner();

    public async Task InitializeAsync()
    {
        Vg = await LoopVolumeGroup.CreateAsync(new LoopVolumeGroupOptions { PhysicalVolumeCount = 2, PhysicalVolumeSizeGiB = 1 });
        Lvm = new LvmTool(CreateRunner(), new LvmToolOptions { ReportTimeout = TimeSpan.FromMinutes(1) });
    }

    public async Task DisposeAsync() => await Vg.DisposeAsync();

    [Fact]
    public async Task GetVgAsync_ReportsTheVgItsTagsAndExtentSize()
    {
        Vg.AddVgTags("MDT_VERSION=5", "lvx_test");

        var vg = await Lvm.GetVgAsync(Vg.Name, Vg.Devices, CancellationToken.None);

        Assert.True(vg.Succeeded, vg.Error);
        Assert.Equal(Vg.Name, vg.Value!.Name);
        Assert.Equal(Vg.ExtentSizeMib * Mib, vg.Value.ExtentSizeBytes);
        Assert.Equal(2, vg.Value.PhysicalVolumeCount);
        Assert.Equal(vg.Value.ExtentCount, vg.Value.FreeExtents);
        Assert.Equal(["MDT_VERSION=5", "lvx_test"], vg.Value.Tags.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ListLvsAsync_ReportsSizesAndTags()
    {
        Vg.CreateLv("vol1", 12, "MD_7", "IU_image");
        Vg.CreateLv("vol2", 8);

        var lvs = await Lvm.ListLvsAsync(Vg.Name, Vg.Devices, CancellationToken.None);

        Assert.True(lvs.Succeeded, lvs.Error);
        var byName = lvs.Value!.ToDictionary(l => l.Name, StringComparer.Ordinal);
        Assert.Equal(12 * Mib, byName["vol1"].SizeBytes);
        Assert.Equal(["IU_image", "MD_7"], byName["vol1"].Tags.Order(StringComparer.Ordinal));
        Assert.Empty(byName["vol2"].Tags);
        Assert.Equal(Vg.Name, byName["vol2"].VgName);
    }

    [Fact]
    public async Task ExtendLv_TheCoordinatorsCommand_GrowsTheLvAndBumpsTheSeqno()
    {
        Vg.CreateLv("grow", 8);
        var before = (await Lvm.GetVgAsync(Vg.Name, Vg.Devices, CancellationToken.None)).Value!;

        var result = await Lvm.RunAsync(LvmCommandLine.ExtendLv(Vg.Name, "grow", 40, Vg.Devices), TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.True(result.Succeeded, result.Describe());
        var lv = await Lvm.GetLvAsync(Vg.Name, "grow", Vg.Devices, CancellationToken.None);
        Assert.Equal(40 * Mib, lv.Value!.SizeBytes);
        Assert.True((await Lvm.GetVgAsync(Vg.Name, Vg.Devices, CancellationToken.None)).Value!.SeqNo > before.SeqNo);
    }

    [Fact]
    public async Task ExtendLv_BeyondFreeSpace_FailsWithLvmsReason()
    {
        Vg.CreateLv("big", 8);

        var result = await Lvm.RunAsync(LvmCommandLine.ExtendLv(Vg.Name, "big", 1 << 20, Vg.Devices), TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains("Insufficient free space", result.Describe(), StringComparison.Ordinal);
        Assert.DoesNotContain("WARNING", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListSegmentsAndPvs_MapEveryLogicalExtentToAPvExtent()
    {
        Vg.CreateLv("first", 8);
        Vg.CreateLv("spread", 8);
        Vg.ExtendLv("first", 16);
        Vg.ExtendLv("spread", 1200);

        var segments = await Lvm.ListSegmentsAsync(Vg.Name, "spread", Vg.Devices, CancellationToken.None);
        var pvs = await Lvm.ListPvsAsync(Vg.Name, Vg.Devices, CancellationToken.None);

        Assert.True(segments.Succeeded, segments.Error);
        Assert.True(pvs.Succeeded, pvs.Error);
        Assert.Equal(Vg.Devices.Order(StringComparer.Ordinal), pvs.Value!.Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.All(pvs.Value!, p => Assert.True(p.PeStartBytes > 0));
        Assert.True(segments.Value!.Count >= 2, "an LV grown past another LV and past one PV has several segments");
        var next = 0L;
        foreach (var segment in segments.Value!)
        {
            Assert.Equal(next, segment.StartExtent);
            var range = Assert.Single(segment.Ranges);
            Assert.Contains(range.Device, Vg.Devices);
            Assert.Equal(segment.ExtentCount, range.ExtentCount);
            next += segment.ExtentCount;
        }

        Assert.Equal(1200 / Vg.ExtentSizeMib, next);
    }

    [Fact]
    public async Task GetLvAsync_UnknownLv_FailsNamingIt()
    {
        var lv = await Lvm.GetLvAsync(Vg.Name, "missing", Vg.Devices, CancellationToken.None);

        Assert.False(lv.Succeeded);
        Assert.Contains($"{Vg.Name}/missing", lv.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetVgAsync_DevicesWithoutTheVgsPvs_DoesNotSeeIt()
    {
        using var other = LoopDevice.Create(64 * Mib, Path.Combine(Vg.Directory, "other"));

        var vg = await Lvm.GetVgAsync(Vg.Name, [other.Path], CancellationToken.None);

        Assert.False(vg.Succeeded);
        Assert.Contains(Vg.Name, vg.Error, StringComparison.Ordinal);
    }
}
