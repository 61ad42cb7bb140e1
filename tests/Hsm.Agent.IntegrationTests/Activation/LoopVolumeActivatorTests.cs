using Hsm.Agent.Activation;
using Hsm.Agent.Options;
using LvExtend.Lvm;
using LvExtend.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hsm.Agent.IntegrationTests.Activation;

/// <summary>The loop backend on a real VG on loop devices (sizes from the real LVM metadata).</summary>
public sealed class LoopVolumeActivatorTests : VolumeActivatorContractTests
{
    private const long Mib = 1L << 20;

    protected override bool BackendUsable => true;

    internal override IVolumeActivator CreateActivator(ActivationOptions activation, AgentOptions agent, ICommandRunner runner) =>
        new LoopVolumeActivator(Microsoft.Extensions.Options.Options.Create(activation), Microsoft.Extensions.Options.Options.Create(agent), runner,
            NullLogger<LoopVolumeActivator>.Instance);

    protected override IReadOnlyList<string> ExpectedCommand(string operation, string vg, string lv) => [];

    [Fact]
    public async Task AfterRestart_NewInstanceFindsTheSameLoopDeviceAndRefreshes()
    {
        var lv = NewLv(32);
        var path = await Activator.ActivateAsync(Vg.Name, lv, CancellationToken.None);
        var loop = new FileInfo(path).LinkTarget;

        using var restarted = (LoopVolumeActivator)NewActivator();
        Vg.ExtendLv(lv, 48);
        var size = await restarted.RefreshAsync(Vg.Name, lv, CancellationToken.None);
        var again = await restarted.ActivateAsync(Vg.Name, lv, CancellationToken.None);

        Assert.Equal(48 * Mib, size);
        Assert.Equal(path, again);
        Assert.Equal(loop, new FileInfo(again).LinkTarget);
        Assert.Equal(restarted.BackingPath(Vg.Name, lv), LoopDevices.BackingFileOf(loop!));
    }

    [Fact]
    public async Task ActivateAsync_BackingFileIsSparse()
    {
        var lv = NewLv(128);

        await Activator.ActivateAsync(Vg.Name, lv, CancellationToken.None);

        var backing = ((LoopVolumeActivator)Activator).BackingPath(Vg.Name, lv);
        Assert.Equal(128 * Mib, new FileInfo(backing).Length);
        var du = await ProcessRunner.RunCheckedAsync("du", ["-k", backing]);
        Assert.True(long.Parse(du.StandardOutput.Split('\t')[0], System.Globalization.CultureInfo.InvariantCulture) < 1024, du.StandardOutput);
    }

    [Fact]
    public async Task ActivateAsync_UnknownLv_FailsWithTheLvName()
    {
        var missing = Guid.NewGuid().ToString();

        var error = await Assert.ThrowsAnyAsync<VolumeActivationException>(() => Activator.ActivateAsync(Vg.Name, missing, CancellationToken.None));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefreshAsync_Qcow2OnTheDevice_SurvivesTheGrow()
    {
        var lv = NewLv(16);
        var path = await Activator.ActivateAsync(Vg.Name, lv, CancellationToken.None);
        Qcow2.Create(path, 1L << 30);

        Vg.ExtendLv(lv, 64);
        await Activator.RefreshAsync(Vg.Name, lv, CancellationToken.None);

        Assert.Equal(0, Qcow2.Check(path).ExitCode);
    }
}
