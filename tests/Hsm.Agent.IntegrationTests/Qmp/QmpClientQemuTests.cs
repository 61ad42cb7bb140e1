using Hsm.Agent.IntegrationTests.Support;
using Hsm.Agent.Qmp;
using LvExtend.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Hsm.Agent.IntegrationTests.Qmp;

/// <summary>The QMP client against a real qemu (TCG) guest on a loop-activated LV.</summary>
public sealed class QmpClientQemuTests(ITestOutputHelper output)
{
    private const long Mib = GuestRig.Mib;

    [Fact]
    public async Task RealGuest_DiscoveryFindsProtocolNode_ThresholdEventFires_WatermarkTracksTheLv()
    {
        await using var rig = await GuestRig.CreateAsync(lvMib: 64, capacityMib: 1024);
        await rig.StartGuestAsync(writeMib: 24, rateMibps: 0, output);
        await using var client = await QmpClient.ConnectAsync(
            Path.Combine(rig.VmDirectory, GuestRig.VmName + ".qmp"), TimeSpan.FromSeconds(10), TimeProvider.System, NullLogger.Instance, CancellationToken.None);

        var device = Assert.Single(await client.QueryBlockAsync(CancellationToken.None), d => d.Driver == "qcow2");
        var stats = Assert.Single(await client.QueryBlockStatsAsync(CancellationToken.None), s => s.FormatNode == device.FormatNode);
        var nodes = await client.QueryNamedNodesAsync(CancellationToken.None);
        Assert.Equal(QemuGuest.FormatNodeName, device.FormatNode);
        Assert.Equal(1024 * Mib, device.VirtualSize);
        Assert.Equal(QemuGuest.ProtocolNodeName, stats.ProtocolNode);
        Assert.Equal(rig.DevicePath, nodes[stats.ProtocolNode!].FileName);
        Assert.Equal(QmpVmStatus.Prelaunch, (await client.QueryStatusAsync(CancellationToken.None)).Status);

        await client.SetWriteThresholdAsync(stats.ProtocolNode!, 8 * Mib, CancellationToken.None);
        await client.ContAsync(CancellationToken.None);
        var crossed = await ReadEventAsync(client, "BLOCK_WRITE_THRESHOLD");
        var watermark = (await client.QueryBlockStatsAsync(CancellationToken.None)).Single(s => s.ProtocolNode == stats.ProtocolNode).ProtocolHighestOffset;
        var result = await rig.Guest.WaitForResultAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(QemuGuest.ProtocolNodeName, crossed.GetString("node-name"));
        Assert.Equal(8 * Mib, crossed.GetInt64("write-threshold"));
        Assert.True(crossed.GetInt64("amount-exceeded") > 0);
        Assert.True(result.Ok, result.Line);
        Assert.InRange(watermark, 1, 64 * Mib); // the event fires when the write starts, the watermark moves when it ends
    }

    [Fact]
    public async Task RealGuest_FullLv_BlockIoErrorNospaceAndStop_ThenGrowAndContResumes()
    {
        await using var rig = await GuestRig.CreateAsync(lvMib: 16, capacityMib: 1024);
        await rig.StartGuestAsync(writeMib: 40, rateMibps: 0, output);
        await using var client = await QmpClient.ConnectAsync(
            Path.Combine(rig.VmDirectory, GuestRig.VmName + ".qmp"), TimeSpan.FromSeconds(10), TimeProvider.System, NullLogger.Instance, CancellationToken.None);

        await client.ContAsync(CancellationToken.None);
        var error = await ReadEventAsync(client, "BLOCK_IO_ERROR");
        Assert.True(error.GetBoolean("nospace"));
        Assert.Equal("stop", error.GetString("action"));
        await WaitForStatusAsync(client, QmpVmStatus.IoError);

        rig.Vg.ExtendLv(rig.Lv, 64);
        Assert.Equal(64 * Mib, await rig.Activator.RefreshAsync(rig.Vg.Name, rig.Lv, CancellationToken.None));
        await client.ContAsync(CancellationToken.None);
        var result = await rig.Guest.WaitForResultAsync(TimeSpan.FromMinutes(2));

        Assert.True(result.Ok, result.Line);
        Assert.Equal(40, result.WrittenMib);
    }

    private static async Task<QmpEvent> ReadEventAsync(QmpClient client, string name)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await foreach (var qmpEvent in client.Events.ReadAllAsync(timeout.Token))
        {
            if (qmpEvent.Name == name)
            {
                return qmpEvent;
            }
        }

        throw new InvalidOperationException($"the connection closed before {name}");
    }

    private static Task<string> WaitForStatusAsync(QmpClient client, string status) =>
        Eventually.ValueAsync(
            async () => (await client.QueryStatusAsync(CancellationToken.None)).Status,
            s => s == status,
            $"the VM reaches {status}",
            TimeSpan.FromSeconds(30),
            TimeSpan.FromMilliseconds(50));
}
