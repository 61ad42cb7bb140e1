using Hsm.Agent.Activation;
using Hsm.Agent.Options;
using LvExtend.Lvm;

namespace Hsm.Agent.IntegrationTests.Activation;

/// <summary>
/// The production lvm backend. This machine has no device-mapper, so the contract run checks the exact
/// lvm command each operation runs (real lvm on the real VG) and that it fails with a clear error.
/// </summary>
public sealed class LvmVolumeActivatorTests : VolumeActivatorContractTests
{
    protected override bool BackendUsable => DeviceMapper.IsAvailable;

    internal override IVolumeActivator CreateActivator(ActivationOptions activation, AgentOptions agent, ICommandRunner runner) =>
        new LvmVolumeActivator(Microsoft.Extensions.Options.Options.Create(activation), Microsoft.Extensions.Options.Options.Create(agent), runner);

    protected override IReadOnlyList<string> ExpectedCommand(string operation, string vg, string lv) => operation switch
    {
        "activate" => ["lvm", "lvchange", "--devices", Vg.DevicesArgument, "--activate", "y", $"{vg}/{lv}"],
        "refresh" => ["lvm", "lvchange", "--devices", Vg.DevicesArgument, "--refresh", $"{vg}/{lv}"],
        "deactivate" => ["lvm", "lvchange", "--devices", Vg.DevicesArgument, "--activate", "n", $"{vg}/{lv}"],
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };

    [Fact]
    public async Task RefreshAsync_RunsLvchangeRefreshRestrictedToThePoolPvs_AndNamesDeviceMapperWhenTheKernelHasNone()
    {
        var lv = NewLv(8);

        var refresh = Activator.RefreshAsync(Vg.Name, lv, CancellationToken.None);

        if (BackendUsable)
        {
            Assert.Equal(8L << 20, await refresh);
        }
        else
        {
            var error = await Assert.ThrowsAsync<DeviceMapperUnavailableException>(() => refresh);
            Assert.Contains("Backend=Loop", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(["lvm", "lvchange", "--devices", Vg.DevicesArgument, "--refresh", $"{Vg.Name}/{lv}"], Runner.Last);
    }
}
