using LvExtend.Lvm;
using Spm.Coordinator.Lvm;

namespace Spm.Coordinator.Tests.Lvm;

public sealed class LvmClientTests
{
    [Fact]
    public void ToLv_LvsRecords_ReadTheCapacityTag()
    {
        LvmLvRecord[] records =
        [
            new("vg", "a", "u1", 16777216, ["x", "lvx_capacity_mib=100"]),
            new("vg", "b", "u2", 4194304, []),
            new("vg", "c", "u3", 4194304, ["lvx_capacity_mib=abc"]),
            new("vg", "d", "u4", 4194304, ["lvx_capacity_mib=0"]),
        ];

        var lvs = records.Select(LvmClient.ToLv).ToList();

        Assert.Equal(("a", 16777216L, 100L), (lvs[0].Name, lvs[0].SizeBytes, lvs[0].CapacityMib!.Value));
        Assert.Equal(["x", "lvx_capacity_mib=100"], lvs[0].Tags);
        Assert.Null(lvs[1].CapacityMib);
        Assert.Empty(lvs[1].Tags);
        Assert.Null(lvs[2].CapacityMib);
        Assert.Null(lvs[3].CapacityMib);
    }

    [Fact]
    public void LvmCommandResult_From_KeepsTheLibraryResultAndItsDescription()
    {
        var library = new CommandResult(5, "", "  Insufficient free space: 96 extents needed, but only 45 available\n", TimeSpan.FromMilliseconds(70), false);

        var port = LvmCommandResult.From(library);

        Assert.False(port.Succeeded);
        Assert.Equal(library.Describe(), port.Describe());
        Assert.Equal("lvm exited with 5: Insufficient free space: 96 extents needed, but only 45 available", port.Describe());
        Assert.StartsWith("lvm was killed", (port with { TimedOut = true }).Describe(), StringComparison.Ordinal);
    }
}
