using Spm.Coordinator.Admin;

namespace Spm.Coordinator.Tests.Extension.Fakes;

/// <summary>An <see cref="IPhysicalVolumeInspector"/> that answers a fixed verdict (UsableForced when forced over signatures).</summary>
internal sealed class FakeInspector(Journal journal, DeviceVerdict verdict, IReadOnlyList<string>? signatures = null) : IPhysicalVolumeInspector
{
    public Task<DeviceInspection> InspectAsync(string devicePath, string vgName, bool force, CancellationToken cancellationToken)
    {
        journal.Add($"inspect {devicePath}");
        var result = verdict == DeviceVerdict.HasSignature && force ? DeviceVerdict.UsableForced : verdict;
        return Task.FromResult(new DeviceInspection(result, $"verdict {result}", signatures ?? []));
    }
}
