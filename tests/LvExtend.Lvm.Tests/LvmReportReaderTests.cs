namespace LvExtend.Lvm.Tests;

/// <summary>The reader against reports exactly as lvm 2.03.16 prints them (Golden/*.json, captured on loop PVs).</summary>
public sealed class LvmReportReaderTests
{
    [Fact]
    public void ReadVolumeGroups_Golden_ReadsEveryField()
    {
        var vg = Assert.Single(LvmReportReader.ReadVolumeGroups(Golden("vgs.json")));

        Assert.Equal("lvxgolden", vg.Name);
        Assert.Equal("zcqItI-hzm2-Xrtm-7LOg-Re19-tue6-SncBte", vg.Uuid);
        Assert.Equal((2139095040L, 1035993088L, 4194304L), (vg.SizeBytes, vg.FreeBytes, vg.ExtentSizeBytes));
        Assert.Equal((510L, 247L, 5L), (vg.ExtentCount, vg.FreeExtents, vg.SeqNo));
        Assert.Equal((2, 2, 519168L), (vg.PhysicalVolumeCount, vg.LogicalVolumeCount, vg.MetadataFreeBytes));
        Assert.Equal(["MDT_SDUUID=abc", "MDT_VERSION=5"], vg.Tags);
    }

    [Fact]
    public void ReadLogicalVolumes_Golden_ReadsSizesAndTags()
    {
        var lvs = LvmReportReader.ReadLogicalVolumes(Golden("lvs.json"));

        Assert.Equal(2, lvs.Count);
        Assert.Equal(new LvmLvRecord("lvxgolden", "metadata", "KheO5K-kRlE-CW3U-KoOJ-MsMx-2yyf-LyayQe", 1090519040, []), lvs[0] with { Tags = [] });
        Assert.Empty(lvs[0].Tags);
        Assert.Equal(("vol1", 12582912L), (lvs[1].Name, lvs[1].SizeBytes));
        Assert.Equal(["IU_x", "MD_3"], lvs[1].Tags);
    }

    [Fact]
    public void ReadLogicalVolumes_EmptyReport_IsEmpty()
    {
        Assert.Empty(LvmReportReader.ReadLogicalVolumes(Golden("lvs-empty.json")));
    }

    [Fact]
    public void ReadPhysicalVolumes_Golden_ReadsPeStart()
    {
        var pvs = LvmReportReader.ReadPhysicalVolumes(Golden("pvs.json"));

        Assert.Equal(["/dev/loop0", "/dev/loop1"], pvs.Select(p => p.Name));
        Assert.All(pvs, p => Assert.Equal((1048576L, 255L, "lvxgolden"), (p.PeStartBytes, p.ExtentCount, p.VgName)));
        Assert.Equal((1069547520L, 0L), (pvs[0].SizeBytes, pvs[0].FreeBytes));
    }

    [Fact]
    public void ReadSegments_Golden_ReadsTheLogicalToPhysicalMap()
    {
        var segments = LvmReportReader.ReadSegments(Golden("segments.json"));

        Assert.Equal([0L, 2L, 252L], segments.Select(s => s.StartExtent));
        Assert.Equal([2L, 250L, 8L], segments.Select(s => s.ExtentCount));
        Assert.Equal(new LvmPeRange("/dev/loop0", 5, 254), Assert.Single(segments[1].Ranges));
        Assert.Equal(new LvmPeRange("/dev/loop1", 0, 7), Assert.Single(segments[2].Ranges));
        Assert.Equal(250, segments[1].Ranges[0].ExtentCount);
    }

    [Fact]
    public void ReadVolumeGroups_OtherKind_IsEmpty()
    {
        Assert.Empty(LvmReportReader.ReadVolumeGroups(Golden("lvs.json")));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"nope":[]}""")]
    [InlineData("""{"report":[{"lv":[{"vg_name":"v","lv_name":"a","lv_uuid":"u","lv_size":"12m","lv_tags":""}]}]}""")]
    [InlineData("""{"report":[{"lv":[{"vg_name":"v","lv_name":"a","lv_uuid":"u","lv_tags":""}]}]}""")]
    [InlineData("""{"report":[{"lv":[{"vg_name":"v","lv_name":"a","lv_uuid":"u","lv_size":12,"lv_tags":""}]}]}""")]
    public void ReadLogicalVolumes_OtherShape_ThrowsNamingTheProblem(string json)
    {
        var error = Assert.Throws<LvmReportException>(() => LvmReportReader.ReadLogicalVolumes(json));

        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void ReadLogicalVolumes_SizeWithSuffix_NamesTheField()
    {
        const string json = """{"report":[{"lv":[{"vg_name":"v","lv_name":"a","lv_uuid":"u","lv_size":"12m","lv_tags":""}]}]}""";

        var error = Assert.Throws<LvmReportException>(() => LvmReportReader.ReadLogicalVolumes(json));

        Assert.Contains("lv_size", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/dev/loop0:0-1 /dev/loop1:4-9", 2)]
    [InlineData("", 0)]
    public void ParseRanges_LinearAndStriped(string text, int count)
    {
        Assert.Equal(count, LvmReportReader.ParseRanges(text).Count);
    }

    [Theory]
    [InlineData("/dev/loop0")]
    [InlineData("/dev/loop0:5")]
    [InlineData("/dev/loop0:9-2")]
    [InlineData(":1-2")]
    public void ParseRanges_Malformed_Throws(string text)
    {
        Assert.Throws<LvmReportException>(() => LvmReportReader.ParseRanges(text));
    }

    private static string Golden(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", name));
}
