using Hsm.Agent.Options;
using Microsoft.Extensions.Options;

namespace Hsm.Agent.Activation;

/// <summary>
/// Production backend: LVs are device-mapper devices at <c>&lt;root&gt;/&lt;vg&gt;/&lt;lv&gt;</c> managed by lvm
/// (<c>lvchange --activate y|n</c>, <c>lvchange --refresh</c>); sizes by BLKGETSIZE64.
/// </summary>
internal sealed class LvmVolumeActivator : IVolumeActivator
{
    private readonly ActivationOptions _options;
    private readonly string _deviceRoot;
    private readonly ICommandRunner _runner;

    public LvmVolumeActivator(IOptions<ActivationOptions> options, IOptions<AgentOptions> agent, ICommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(agent);
        _options = options.Value;
        _deviceRoot = agent.Value.DeviceRoot;
        _runner = runner;
    }

    public async Task<string> ActivateAsync(string volumeGroup, string logicalVolume, CancellationToken cancellationToken)
    {
        await RunLvmAsync(LvmCommandLine.Build("lvchange", _options.Devices, "--activate", "y", $"{volumeGroup}/{logicalVolume}"), cancellationToken);
        return DevicePath(volumeGroup, logicalVolume);
    }

    public async Task<long> RefreshAsync(string volumeGroup, string logicalVolume, CancellationToken cancellationToken)
    {
        await RunLvmAsync(LvmCommandLine.Build("lvchange", _options.Devices, "--refresh", $"{volumeGroup}/{logicalVolume}"), cancellationToken);
        return BlockDevice.GetSize(DevicePath(volumeGroup, logicalVolume));
    }

    public Task<long> GetSizeAsync(string volumeGroup, string logicalVolume, CancellationToken cancellationToken) =>
        Task.FromResult(BlockDevice.GetSize(DevicePath(volumeGroup, logicalVolume)));

    public Task DeactivateAsync(string volumeGroup, string logicalVolume, CancellationToken cancellationToken) =>
        RunLvmAsync(LvmCommandLine.Build("lvchange", _options.Devices, "--activate", "n", $"{volumeGroup}/{logicalVolume}"), cancellationToken);

    private string DevicePath(string volumeGroup, string logicalVolume) => Path.Combine(_deviceRoot, volumeGroup, logicalVolume);

    private async Task RunLvmAsync(List<string> arguments, CancellationToken cancellationToken)
    {
        var result = await _runner.RunAsync(_options.LvmCommand, arguments, _options.CommandTimeout, cancellationToken);
        var commandLine = $"{_options.LvmCommand} {string.Join(' ', arguments)}";
        if (LvmCommandLine.IsDeviceMapperMissing(result))
        {
            throw new DeviceMapperUnavailableException(commandLine, LvmCommandLine.Summarize(result));
        }

        if (!result.Succeeded)
        {
            throw new VolumeActivationException($"{commandLine} failed: {LvmCommandLine.Summarize(result)}");
        }
    }
}
