using Hsm.Agent.Options;
using LvExtend.Lvm;
using Microsoft.Extensions.Options;

namespace Hsm.Agent.Activation;

/// <summary>
/// Production backend: LVs are device-mapper devices at <c>&lt;root&gt;/&lt;vg&gt;/&lt;lv&gt;</c> managed by lvm
/// (<c>lvchange --activate y|n</c>, <c>lvchange --refresh</c>, restricted to the pool's PVs); sizes by BLKGETSIZE64.
/// </summary>
internal sealed class LvmVolumeActivator : IVolumeActivator
{
    private readonly ActivationOptions _options;
    private readonly string _deviceRoot;
    private readonly LvmTool _lvm;

    public LvmVolumeActivator(IOptions<ActivationOptions> options, IOptions<AgentOptions> agent, ICommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(agent);
        _options = options.Value;
        _deviceRoot = agent.Value.DeviceRoot;
        _lvm = new LvmTool(runner, new LvmToolOptions { Binary = _options.LvmCommand, ReportTimeout = _options.CommandTimeout });
    }

    public async Task<string> ActivateAsync(string volumeGroup, string logicalVolume, CancellationToken cancellationToken)
    {
        await RunLvmAsync(() => LvmCommandLine.ChangeActivation(volumeGroup, logicalVolume, active: true, _options.Devices), cancellationToken);
        return DevicePath(volumeGroup, logicalVolume);
    }

    public async Task<long> RefreshAsync(string volumeGroup, string logicalVolume, CancellationToken cancellationToken)
    {
        await RunLvmAsync(() => LvmCommandLine.Refresh(volumeGroup, logicalVolume, _options.Devices), cancellationToken);
        return BlockDevice.GetSize(DevicePath(volumeGroup, logicalVolume));
    }

    public Task<long> GetSizeAsync(string volumeGroup, string logicalVolume, CancellationToken cancellationToken) =>
        Task.FromResult(BlockDevice.GetSize(DevicePath(volumeGroup, logicalVolume)));

    public Task DeactivateAsync(string volumeGroup, string logicalVolume, CancellationToken cancellationToken) =>
        RunLvmAsync(() => LvmCommandLine.ChangeActivation(volumeGroup, logicalVolume, active: false, _options.Devices), cancellationToken);

    private string DevicePath(string volumeGroup, string logicalVolume) => Path.Combine(_deviceRoot, volumeGroup, logicalVolume);

    private async Task RunLvmAsync(Func<LvmCommandLine> build, CancellationToken cancellationToken)
    {
        CommandOutcome.EnsureDevices(_options.Devices);
        var command = build();
        var result = await _lvm.RunAsync(command, _options.CommandTimeout, cancellationToken);
        CommandOutcome.EnsureSucceeded(result, command.ToString(_lvm.Binary), cancellationToken);
    }
}
