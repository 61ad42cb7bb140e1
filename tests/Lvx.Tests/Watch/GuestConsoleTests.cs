using Lvx.Commands.Watch;

namespace Lvx.Tests.Watch;

public sealed class GuestConsoleTests
{
    [Fact]
    public void Parse_BootProgressAndResult_ReportsTargetLatestProgressAndResult()
    {
        const string text = """
            [    0.5] random kernel line
            LVX-BOOT uptime_cs=412 write_mib=640 chunk_mib=4 rate_mibps=0 seed=7 disk_mib=1024
            LVX-PROGRESS written_mib=4
            LVX-PROGRESS written_mib=8
            LVX-VERIFY write_cs=900
            LVX-RESULT ok written_mib=640
            """;

        var console = GuestConsole.Parse("vm-fast", text.Replace("\r", "", StringComparison.Ordinal));

        Assert.Equal(new GuestConsole("vm-fast", 640, 8, "ok written_mib=640"), console);
    }

    [Fact]
    public void Parse_BootLineAfterFirmwareEscapesAndCrLf_StillFound()
    {
        var console = GuestConsole.Parse("vm", "\u001bc\u001b[?7l\u001b[2JLVX-BOOT uptime_cs=575 write_mib=320 chunk_mib=4\r\nLVX-PROGRESS written_mib=4\r\n");

        Assert.Equal(320, console.TargetMib);
        Assert.Equal(4, console.WrittenMib);
    }

    [Fact]
    public void Parse_BeforeBoot_HasNoTargetAndNoResult()
    {
        var console = GuestConsole.Parse("vm", "SeaBIOS\n");

        Assert.Equal(0, console.TargetMib);
        Assert.Equal(0, console.WrittenMib);
        Assert.Null(console.Result);
    }

    [Fact]
    public void ReadAll_Directory_ReadsEveryConsoleFileInNameOrder()
    {
        var dir = Directory.CreateTempSubdirectory("lvx-watch-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "b.console"), "LVX-PROGRESS written_mib=12\n");
            File.WriteAllText(Path.Combine(dir.FullName, "a.console"), "LVX-RESULT fail mismatch:mib=3\n");
            File.WriteAllText(Path.Combine(dir.FullName, "a.qemu.log"), "not a console\n");

            var all = GuestConsole.ReadAll(dir.FullName);

            Assert.Equal(["a", "b"], all.Select(c => c.Vm));
            Assert.Equal("fail mismatch:mib=3", all[0].Result);
            Assert.Equal(12, all[1].WrittenMib);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
