using Hsm.Agent.IntegrationTests.Support;
using Hsm.Agent.Options;
using LvExtend.TestSupport;
using Xunit.Abstractions;

namespace Hsm.Agent.IntegrationTests.Sources;

/// <summary>The VM source contract against raw QMP sockets in a directory (qemu run directly).</summary>
public sealed class QmpDirectorySourceTests(ITestOutputHelper output) : VmSourceContractTests(output)
{
    private protected override VmSourceKind Source => VmSourceKind.QmpDirectory;

    private protected override async Task<string> StartGuestAsync(GuestRig rig, int writeMib, int rateMibps)
    {
        await rig.StartGuestAsync(writeMib, rateMibps, Output);
        return GuestRig.VmName;
    }

    private protected override async Task<long> ArmedThresholdAsync(GuestRig rig)
    {
        var nodes = await rig.Observer.ExecuteAsync("query-named-block-nodes");
        var node = nodes.EnumerateArray().Single(n => n.GetProperty("node-name").GetString() == QemuGuest.ProtocolNodeName);
        return node.GetProperty("write_threshold").GetInt64();
    }

    private protected override async Task<bool> IsPausedByOperatorAsync(GuestRig rig)
    {
        var status = await rig.Observer.ExecuteAsync("query-status");
        return status.GetProperty("status").GetString() == "prelaunch" && !status.GetProperty("running").GetBoolean();
    }
}
