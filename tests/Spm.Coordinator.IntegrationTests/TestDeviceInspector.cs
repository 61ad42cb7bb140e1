using Microsoft.Extensions.DependencyInjection;
using Spm.Coordinator.Admin;

namespace Spm.Coordinator.IntegrationTests;

/// <summary>
/// A stand-in for the real device inspector (another area implements it): answers a verdict chosen by the
/// test, records what it was asked, and never touches the device.
/// </summary>
internal sealed class TestDeviceInspector(Func<string, bool, DeviceVerdict> verdict) : IPhysicalVolumeInspector
{
    public List<(string Device, bool Force)> Calls { get; } = [];

    /// <summary>Allows every device (what an inspector says of a blank loop device).</summary>
    public static TestDeviceInspector AllowAll() => new((_, _) => DeviceVerdict.Usable);

    public Task<DeviceInspection> InspectAsync(string devicePath, string vgName, bool force, CancellationToken cancellationToken)
    {
        lock (Calls)
        {
            Calls.Add((devicePath, force));
        }

        var result = verdict(devicePath, force);
        return Task.FromResult(new DeviceInspection(result, $"test verdict {result}", result is DeviceVerdict.UsableForced ? ["ext4"] : []));
    }

    public Action<IServiceCollection> Register => services => services.AddSingleton<IPhysicalVolumeInspector>(this);
}
