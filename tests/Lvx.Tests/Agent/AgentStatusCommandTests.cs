using LvExtend.Agent.V1;
using Lvx.Commands.Agent;
using Lvx.Rendering;
using Spectre.Console;

namespace Lvx.Tests.Agent;

public sealed class AgentStatusCommandTests
{
    private const long Mib = 1L << 20;

    [Fact]
    public void Write_AdaptivePolicy_ShowsTheBoundsAndEachDrivesRateAndChunk()
    {
        var status = new GetStatusResponse
        {
            HostId = 3,
            PoolId = "pool",
            ActivationBackend = "Loop",
            Policy = new Policy { AdaptiveEnabled = true, AdaptiveMinChunkMib = 1024, AdaptiveMaxChunkMib = 16384, CheckIntervalSeconds = 1 },
        };
        var vm = new Vm { Name = "vm1", Connection = "CONNECTED", RunStatus = "running" };
        vm.Drives.Add(new Drive
        {
            Name = "vda", VolumeGroup = "vg", LogicalVolume = "lv", State = DriveState.Set,
            Physical = 8192 * Mib, Capacity = 51200 * Mib, Threshold = 4096 * Mib, WriteRateMibps = 1023.96, LastChunkBytes = 4096 * Mib,
        });
        vm.Drives.Add(new Drive { Name = "vdb", VolumeGroup = "vg", LogicalVolume = "lv2", State = DriveState.Set });
        status.Vms.Add(vm);
        using var writer = new StringWriter();

        AgentStatusCommand.Write(status, CliConsole.Create(writer, ansi: false, ColorSystemSupport.NoColors));

        var text = writer.ToString();
        Assert.Contains("adaptive chunk 1024..16384 MiB", text, StringComparison.Ordinal);
        Assert.Contains("RATE MiB/s", text, StringComparison.Ordinal);
        Assert.Contains("CHUNK MiB", text, StringComparison.Ordinal);
        var vda = text.Split('\n').Single(l => l.Contains("vda", StringComparison.Ordinal));
        Assert.Matches(@"\b1024\s+4096\b", vda);
        var vdb = text.Split('\n').Single(l => l.Contains("vdb", StringComparison.Ordinal));
        Assert.Matches(@"\b0\s+-\s", vdb);
    }

    [Fact]
    public void Write_FixedPolicy_ShowsUtilizationAndChunk()
    {
        var status = new GetStatusResponse { Policy = new Policy { UtilizationPercent = 20, ChunkMib = 2560, CheckIntervalSeconds = 1 } };
        using var writer = new StringWriter();

        AgentStatusCommand.Write(status, CliConsole.Create(writer, ansi: false, ColorSystemSupport.NoColors));

        Assert.Contains("utilization 20%, chunk 2560 MiB", writer.ToString(), StringComparison.Ordinal);
    }
}
