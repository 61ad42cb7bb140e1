using Hsm.Agent.Activation;

namespace Hsm.Agent.Tests.Fakes;

/// <summary>An in-memory LV: <see cref="LvSize"/> is the metadata size, <see cref="DeviceSize"/> what the host sees.</summary>
internal sealed class FakeVolumeActivator : IVolumeActivator
{
    public long LvSize { get; set; }

    public long DeviceSize { get; set; }

    public int Refreshes;

    public Task<string> ActivateAsync(string volumeGroup, string logicalVolume, CancellationToken cancellationToken)
    {
        DeviceSize = LvSize;
        return Task.FromResult($"/dev/{volumeGroup}/{logicalVolume}");
    }

    public Task<long> RefreshAsync(string volumeGroup, string logicalVolume, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Refreshes);
        DeviceSize = LvSize;
        return Task.FromResult(DeviceSize);
    }

    public Task<long> GetSizeAsync(string volumeGroup, string logicalVolume, CancellationToken cancellationToken) =>
        Task.FromResult(DeviceSize);

    public Task DeactivateAsync(string volumeGroup, string logicalVolume, CancellationToken cancellationToken) => Task.CompletedTask;
}
