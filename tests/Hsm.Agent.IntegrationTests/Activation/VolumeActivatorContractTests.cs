using Hsm.Agent.Activation;
using Hsm.Agent.IntegrationTests.Support;
using Hsm.Agent.Options;
using LvExtend.Lvm;
using LvExtend.TestSupport;

namespace Hsm.Agent.IntegrationTests.Activation;

/// <summary>
/// The contract of <see cref="IVolumeActivator"/>, run against every backend on a real VG on loop
/// devices. A backend that cannot work on this host (lvm without device-mapper) must instead run the
/// exact lvm command and fail with <see cref="DeviceMapperUnavailableException"/>.
/// </summary>
public abstract class VolumeActivatorContractTests : IAsyncLifetime
{
    private const long Mib = 1L << 20;

    protected LoopVolumeGroup Vg { get; private set; } = null!;

    protected string Root { get; private set; } = null!;

    internal RecordingCommandRunner Runner { get; } = new();

    internal IVolumeActivator Activator { get; private set; } = null!;

    /// <summary>False when the backend cannot run on this host (then only the command and the error are checked).</summary>
    protected abstract bool BackendUsable { get; }

    internal abstract IVolumeActivator CreateActivator(ActivationOptions activation, AgentOptions agent, ICommandRunner runner);

    /// <summary>The command line (binary first) the backend must run for <paramref name="operation"/> when it cannot work here.</summary>
    protected abstract IReadOnlyList<string> ExpectedCommand(string operation, string vg, string lv);

    public async Task InitializeAsync()
    {
        Vg = await LoopVolumeGroup.CreateAsync(new LoopVolumeGroupOptions { PhysicalVolumeSizeGiB = 1 });
        Root = TestPaths.CreateTempDirectory("agent-act");
        Activator = NewActivator();
    }

    public async Task DisposeAsync()
    {
        foreach (var lv in Vg.GetLvNames())
        {
            try
            {
                await Activator.DeactivateAsync(Vg.Name, lv, CancellationToken.None);
            }
            catch (VolumeActivationException)
            {
                // Best effort.
            }
        }

        (Activator as IDisposable)?.Dispose();
        await Vg.DisposeAsync();
        TestPaths.DeleteDirectoryQuietly(Root);
    }

    [Fact]
    public async Task ActivateAsync_ExistingLv_DevicePathUnderRootHasTheLvSize_OrFailsClearlyWithoutDeviceMapper()
    {
        var lv = NewLv(64);

        if (!await ExpectUsableAsync("activate", lv, () => Activator.ActivateAsync(Vg.Name, lv, CancellationToken.None)))
        {
            return;
        }

        var path = await Activator.ActivateAsync(Vg.Name, lv, CancellationToken.None);
        Assert.Equal(Path.Combine(Root, "dev", Vg.Name, lv), path);
        Assert.Equal(64 * Mib, BlockDevice.GetSize(path));
        Assert.Equal(64 * Mib, await Activator.GetSizeAsync(Vg.Name, lv, CancellationToken.None));
    }

    [Fact]
    public async Task ActivateAsync_Twice_IsIdempotent_OrFailsClearlyWithoutDeviceMapper()
    {
        var lv = NewLv(32);
        if (!await ExpectUsableAsync("activate", lv, () => Activator.ActivateAsync(Vg.Name, lv, CancellationToken.None)))
        {
            return;
        }

        var first = await Activator.ActivateAsync(Vg.Name, lv, CancellationToken.None);
        var target = new FileInfo(first).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? first;
        var second = await Activator.ActivateAsync(Vg.Name, lv, CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Equal(target, new FileInfo(second).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? second);
    }

    [Fact]
    public async Task RefreshAsync_AfterLvextend_ReturnsTheNewSizeAndTheDeviceGrows_OrFailsClearlyWithoutDeviceMapper()
    {
        var lv = NewLv(64);
        if (!await ExpectUsableAsync("refresh", lv, () => Activator.RefreshAsync(Vg.Name, lv, CancellationToken.None)))
        {
            return;
        }

        var path = await Activator.ActivateAsync(Vg.Name, lv, CancellationToken.None);
        Vg.ExtendLv(lv, 200);
        Assert.Equal(64 * Mib, await Activator.GetSizeAsync(Vg.Name, lv, CancellationToken.None));

        var size = await Activator.RefreshAsync(Vg.Name, lv, CancellationToken.None);

        Assert.Equal(200 * Mib, size);
        Assert.Equal(200 * Mib, BlockDevice.GetSize(path));
        Assert.Equal(Vg.GetLvSizeBytes(lv), size);
    }

    [Fact]
    public async Task DeactivateAsync_ActiveLv_RemovesTheDeviceAndIsIdempotent_OrIsANoOpWithoutDeviceMapper()
    {
        var lv = NewLv(16);
        if (!BackendUsable)
        {
            // Nothing is active without device-mapper: deactivation is the command, succeeding.
            await Activator.DeactivateAsync(Vg.Name, lv, CancellationToken.None);
            Assert.Equal(ExpectedCommand("deactivate", Vg.Name, lv), Runner.Last);
            return;
        }

        var path = await Activator.ActivateAsync(Vg.Name, lv, CancellationToken.None);
        await Activator.DeactivateAsync(Vg.Name, lv, CancellationToken.None);
        await Activator.DeactivateAsync(Vg.Name, lv, CancellationToken.None);

        Assert.False(File.Exists(path));
        await Assert.ThrowsAnyAsync<VolumeActivationException>(() => Activator.GetSizeAsync(Vg.Name, lv, CancellationToken.None));
    }

    internal IVolumeActivator NewActivator() => CreateActivator(
        new ActivationOptions
        {
            Backend = this is LoopVolumeActivatorTests ? ActivationBackend.Loop : ActivationBackend.Lvm,
            Devices = [.. Vg.Devices],
            LoopBackingDirectory = Path.Combine(Root, "backing"),
        },
        new AgentOptions { DeviceRoot = Path.Combine(Root, "dev") },
        Runner);

    protected string NewLv(long sizeMib)
    {
        var name = Guid.NewGuid().ToString();
        Vg.CreateLv(name, sizeMib);
        return name;
    }

    /// <summary>True when the backend works here; otherwise asserts the command and the clear error and returns false.</summary>
    private async Task<bool> ExpectUsableAsync<T>(string operation, string lv, Func<Task<T>> action)
    {
        if (BackendUsable)
        {
            return true;
        }

        var error = await Assert.ThrowsAsync<DeviceMapperUnavailableException>(action);
        Assert.Contains("device-mapper is not available", error.Message, StringComparison.Ordinal);
        Assert.Equal(ExpectedCommand(operation, Vg.Name, lv), Runner.Last);
        return false;
    }
}
