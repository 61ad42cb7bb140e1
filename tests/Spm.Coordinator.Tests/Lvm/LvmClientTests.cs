using Spm.Coordinator.Lvm;

namespace Spm.Coordinator.Tests.Lvm;

public sealed class LvmClientTests
{
    [Fact]
    public void Rows_LvsJsonReport_ParsesSizesAndCapacityTag()
    {
        const string json = """
            {
                "report": [
                    {
                        "lv": [
                            {"lv_name":"a", "lv_size":"16777216", "lv_tags":"x,lvx_capacity_mib=100"},
                            {"lv_name":"b", "lv_size":"4194304", "lv_tags":""},
                            {"lv_name":"c", "lv_size":"4194304", "lv_tags":"lvx_capacity_mib=abc"}
                        ]
                    }
                ]
            }
            """;

        var lvs = LvmReport.Rows(json, "lv").Select(LvmClient.ToLv).ToList();

        Assert.Equal(3, lvs.Count);
        Assert.Equal(("a", 16777216L, 100L), (lvs[0].Name, lvs[0].SizeBytes, lvs[0].CapacityMib!.Value));
        Assert.Equal(["x", "lvx_capacity_mib=100"], lvs[0].Tags);
        Assert.Null(lvs[1].CapacityMib);
        Assert.Empty(lvs[1].Tags);
        Assert.Null(lvs[2].CapacityMib);
    }

    [Fact]
    public void Rows_OtherKind_IsEmpty()
    {
        Assert.Empty(LvmReport.Rows("""{"report":[{"vg":[{"vg_name":"x"}]}]}""", "lv"));
    }

    [Fact]
    public void Describe_DropsWarningsAndKeepsTheError()
    {
        var result = new LvmCommandResult(5, "",
            "  WARNING: Activation disabled. No device-mapper interaction will be attempted.\n  Insufficient free space: 96 extents needed, but only 45 available\n",
            TimeSpan.FromMilliseconds(70), false);

        Assert.False(result.Succeeded);
        Assert.Equal("lvm exited with 5: Insufficient free space: 96 extents needed, but only 45 available", result.Describe());
        Assert.StartsWith("lvm was killed", (result with { TimedOut = true }).Describe(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("vg0", true)]
    [InlineData("0a1b2c3d-0000-4000-8000-000000000001", true)]
    [InlineData("-vg", false)]
    [InlineData("..", false)]
    [InlineData("vg/x", false)]
    [InlineData("", false)]
    public void IsValidVgName_FollowsLvmRules(string name, bool valid)
    {
        Assert.Equal(valid, LvmNames.IsValidVgName(name));
    }
}
