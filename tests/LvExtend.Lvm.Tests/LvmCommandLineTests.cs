namespace LvExtend.Lvm.Tests;

public sealed class LvmCommandLineTests
{
    private static readonly string[] Devices = ["/dev/loop3", "/dev/loop4"];

    [Fact]
    public void ExtendLv_IsTheCoordinatorsExactCommandLine()
    {
        var command = LvmCommandLine.ExtendLv("vg0", "lv0", 2560, Devices);

        Assert.Equal(
            ["lvextend", "--devices", "/dev/loop3,/dev/loop4", "--driverloaded", "n", "--autobackup", "n", "--size", "2560m", "vg0/lv0"],
            command.Arguments);
        Assert.Equal("lvextend", command.Subcommand);
        Assert.Equal("lvm lvextend --devices /dev/loop3,/dev/loop4 --driverloaded n --autobackup n --size 2560m vg0/lv0", command.ToString());
    }

    [Fact]
    public void Report_AddsJsonBytesNoSuffixAndTheFieldList()
    {
        var command = LvmCommandLine.Report(LvmReportKind.VolumeGroups, Devices, "vg0");

        Assert.Equal(
            ["vgs", "--devices", "/dev/loop3,/dev/loop4", "--driverloaded", "n", "--reportformat", "json", "--units", "b", "--nosuffix",
             "-o", LvmReportFields.VolumeGroup, "vg0"],
            command.Arguments);
    }

    [Fact]
    public void Report_Segments_RunsLvsSegments()
    {
        var command = LvmCommandLine.Report(LvmReportKind.Segments, Devices, "vg0/metadata");

        Assert.Equal("lvs", command.Subcommand);
        Assert.Equal(["lvs", "--devices", "/dev/loop3,/dev/loop4", "--driverloaded", "n", "--segments"], command.Arguments.Take(6));
        Assert.Equal([LvmReportFields.Segment, "vg0/metadata"], command.Arguments.TakeLast(2));
    }

    [Fact]
    public void PhysicalVolumesOf_SelectsTheVg()
    {
        var command = LvmCommandLine.PhysicalVolumesOf("vg0", Devices);

        Assert.Equal(["--select", "vg_name=vg0"], command.Arguments.TakeLast(2));
        Assert.Equal("pvs", command.Subcommand);
    }

    [Fact]
    public void ChangeActivation_UsesDeviceMapper_NoDriverLoadedOption()
    {
        Assert.Equal(["lvchange", "--devices", "/dev/loop3,/dev/loop4", "--activate", "y", "vg0/lv0"],
            LvmCommandLine.ChangeActivation("vg0", "lv0", active: true, Devices).Arguments);
        Assert.Equal(["lvchange", "--devices", "/dev/loop3,/dev/loop4", "--activate", "n", "vg0/lv0"],
            LvmCommandLine.ChangeActivation("vg0", "lv0", active: false, Devices).Arguments);
        Assert.Equal(["lvchange", "--devices", "/dev/loop3,/dev/loop4", "--refresh", "vg0/lv0"],
            LvmCommandLine.Refresh("vg0", "lv0", Devices).Arguments);
    }

    [Fact]
    public void CreatePvAndExtendVg_AreRestrictedWithoutDeviceMapper()
    {
        Assert.Equal(["pvcreate", "--devices", "/dev/loop3,/dev/loop4", "--driverloaded", "n", "--yes", "/dev/loop4"],
            LvmCommandLine.CreatePv("/dev/loop4", Devices).Arguments);
        Assert.Equal(["vgextend", "--devices", "/dev/loop3,/dev/loop4", "--driverloaded", "n", "--autobackup", "n", "vg0", "/dev/loop4"],
            LvmCommandLine.ExtendVg("vg0", "/dev/loop4", Devices).Arguments);
    }

    [Fact]
    public void Create_EmptyDeviceList_IsRefusedNeverDropped()
    {
        var error = Assert.Throws<ArgumentException>(() => LvmCommandLine.Create("lvs", [], DeviceMapperUse.NotUsed, "vg0"));

        Assert.Contains("--devices", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => LvmCommandLine.ExtendLv("vg0", "lv0", 1, []));
        Assert.Throws<ArgumentException>(() => LvmCommandLine.ChangeActivation("vg0", "lv0", true, []));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("/dev/a,/dev/b")]
    public void Create_UnusableDeviceEntry_IsRefused(string device)
    {
        Assert.Throws<ArgumentException>(() => LvmCommandLine.Create("lvs", ["/dev/loop3", device], DeviceMapperUse.NotUsed));
    }

    [Theory]
    [InlineData("-vg", "lv")]
    [InlineData("vg", "snapshot1")]
    [InlineData("vg/x", "lv")]
    [InlineData("vg", "")]
    public void ExtendLv_InvalidNames_AreRefused(string vg, string lv)
    {
        Assert.Throws<ArgumentException>(() => LvmCommandLine.ExtendLv(vg, lv, 1, Devices));
    }

    [Fact]
    public void Environment_IsCLocaleWithoutFdWarnings()
    {
        Assert.Equal("C", LvmDefaults.Environment["LC_ALL"]);
        Assert.Equal("1", LvmDefaults.Environment["LVM_SUPPRESS_FD_WARNINGS"]);
        Assert.Equal("lvm", LvmDefaults.Binary);
    }
}
