using Lvx.Commands.Watch;
using Lvx.Rendering;
using Spectre.Console;
using AdminStatus = LvExtend.Admin.V1.GetStatusResponse;
using AgentStatus = LvExtend.Agent.V1.GetStatusResponse;

namespace Lvx.Tests.Watch;

public sealed class WatchScreenTests
{
    private const long Mib = 1024 * 1024;

    private static WatchSnapshot Snapshot()
    {
        var leader = new AdminStatus { InstanceId = "coord-a", Role = LvExtend.Admin.V1.Role.Leader, Epoch = 7 };
        leader.VolumeGroups.Add(new LvExtend.Admin.V1.VolumeGroup { VgName = "vg0", FreeBytes = 64 * Mib, SizeBytes = 1024 * Mib, WaitingRequests = 2 });
        var agent = new AgentStatus { HostId = 3 };
        var vm = new LvExtend.Agent.V1.Vm { Name = "guest-1", PausedOnNospace = true, Pauses = 1 };
        vm.Drives.Add(new LvExtend.Agent.V1.Drive
        {
            VolumeId = "vol-1",
            Watermark = 900 * Mib,
            Physical = 1024 * Mib,
            State = LvExtend.Agent.V1.DriveState.Exceeded,
            LastExtension = new LvExtend.Agent.V1.ExtensionPhases { TotalSeconds = 0.25 },
        });
        agent.Vms.Add(vm);
        return new WatchSnapshot(
            new DateTimeOffset(2026, 12, 1, 20, 30, 0, TimeSpan.Zero),
            [("http://a:7411", leader, null), ("http://b:7411", null, "unreachable")],
            [("http://h3:7412", agent, null), ("http://h4:7412", null, "no answer")],
            new Dictionary<string, int> { ["vol-1"] = 4 },
            [new GuestConsole("guest-1", 200, 100, null)],
            ["20:29:59 leader killed"]);
    }

    [Fact]
    public void Render_PlainConsole_ShowsRolesSpacePausedVmAndDownPeers()
    {
        using var writer = new StringWriter();
        var console = CliConsole.Create(writer, ansi: false, ColorSystemSupport.NoColors);

        console.Write(WatchScreen.Render(Snapshot(), console));

        var text = writer.ToString();
        Assert.DoesNotContain('\u001b', text);
        var lines = text.Split('\n').Select(l => l.TrimEnd()).ToArray();
        Assert.Contains(lines, l => l.StartsWith("coord-a", StringComparison.Ordinal) && l.Contains("LEADER", StringComparison.Ordinal)
            && l.Contains(" 64 ", StringComparison.Ordinal) && l.EndsWith(" 2", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("http://b:7411", StringComparison.Ordinal) && l.Contains("DOWN (unreachable)", StringComparison.Ordinal));
        var vmLine = Assert.Single(lines, l => l.StartsWith("guest-1", StringComparison.Ordinal));
        Assert.Contains("[#######.......] 100/200", vmLine, StringComparison.Ordinal);
        Assert.Contains("PAUSED", vmLine, StringComparison.Ordinal);
        Assert.Contains("250 ms", vmLine, StringComparison.Ordinal);
        Assert.Contains("agent http://h4:7412 DOWN (no answer)", lines);
        Assert.Contains("  20:29:59 leader killed", lines);
    }

    [Theory]
    [InlineData(0, 0, "booting")]
    [InlineData(200, 0, "[..............] 0/200")]
    [InlineData(200, 400, "[##############] 400/200")]
    public void Progress_TargetAndWritten_Bar(long target, long written, string expected) =>
        Assert.Equal(expected, WatchScreen.Progress(new GuestConsole("vm", target, written, null)));
}
