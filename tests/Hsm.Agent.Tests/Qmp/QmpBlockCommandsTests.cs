using System.Text.Json;
using Hsm.Agent.Qmp;

namespace Hsm.Agent.Tests.Qmp;

public sealed class QmpBlockCommandsTests
{
    // Shapes as qemu 7.2 answers for "-drive file=/run/lvx/dev/vg/lv,format=qcow2,if=none,id=d0,node-name=fmt0,file.node-name=prot0"
    // on the default machine (which also lists an empty cdrom, floppy and sd slot).
    private const string QueryBlock = """
        [
          {"device": "ide1-cd0", "locked": false, "removable": true, "qdev": "/machine/unattached/device[23]", "tray_open": false, "type": "unknown"},
          {"device": "d0", "locked": false, "removable": false, "qdev": "/machine/peripheral/vd0/virtio-backend", "type": "unknown",
           "inserted": {"iops_rd": 0, "detect_zeroes": "off", "image": {"virtual-size": 1073741824, "filename": "/run/lvx/dev/vg/lv",
             "cluster-size": 65536, "format": "qcow2", "actual-size": 0, "dirty-flag": false},
             "node-name": "fmt0", "ro": false, "drv": "qcow2", "encrypted": false, "file": "/run/lvx/dev/vg/lv", "write_threshold": 0}},
          {"device": "ro1", "locked": false, "removable": false, "type": "unknown",
           "inserted": {"image": {"virtual-size": 5, "filename": "/x", "format": "qcow2"}, "node-name": "fmt1", "ro": true, "drv": "qcow2", "file": "/x"}}
        ]
        """;

    private const string QueryBlockStats = """
        [
          {"device": "ide1-cd0", "qdev": "/machine/unattached/device[23]", "stats": {"wr_highest_offset": 0}},
          {"device": "d0", "node-name": "fmt0", "qdev": "/machine/peripheral/vd0/virtio-backend",
           "stats": {"wr_highest_offset": 1048576, "wr_bytes": 1},
           "parent": {"node-name": "prot0", "stats": {"wr_highest_offset": 70254592, "wr_bytes": 2}}}
        ]
        """;

    [Fact]
    public void ParseQueryBlock_SkipsEmptySlots_ReadsNodeFileCapacityAndReadOnly()
    {
        using var document = JsonDocument.Parse(QueryBlock);

        var devices = QmpBlockCommands.ParseQueryBlock(document.RootElement);

        Assert.Equal(2, devices.Count);
        var d0 = devices[0];
        Assert.Equal(("d0", "fmt0", "qcow2", "/run/lvx/dev/vg/lv", 1073741824L, false), (d0.Device, d0.FormatNode, d0.Driver, d0.FileName, d0.VirtualSize, d0.ReadOnly));
        Assert.True(devices[1].ReadOnly);
    }

    [Fact]
    public void ParseQueryBlockStats_ProtocolNodeAndWatermarkComeFromParent()
    {
        using var document = JsonDocument.Parse(QueryBlockStats);

        var stats = QmpBlockCommands.ParseQueryBlockStats(document.RootElement);

        var d0 = Assert.Single(stats, s => s.FormatNode == "fmt0");
        Assert.Equal("prot0", d0.ProtocolNode);
        Assert.Equal(70254592L, d0.ProtocolHighestOffset);
        Assert.Null(stats[0].ProtocolNode);
    }

    [Fact]
    public void ParseStatus_IoError_IsRecognised()
    {
        using var document = JsonDocument.Parse("""{"status": "io-error", "singlestep": false, "running": false}""");

        var status = QmpBlockCommands.ParseStatus(document.RootElement);

        Assert.True(status.IsIoError);
        Assert.False(status.Running);
    }

    [Fact]
    public void ParseNamedNodes_MapsNodeToDriverAndFile()
    {
        using var document = JsonDocument.Parse("""[{"node-name": "fmt0", "drv": "qcow2", "file": "/d"}, {"node-name": "prot0", "drv": "host_device", "file": "/d"}]""");

        var nodes = QmpBlockCommands.ParseNamedNodes(document.RootElement);

        Assert.Equal(("host_device", "/d"), nodes["prot0"]);
    }
}
