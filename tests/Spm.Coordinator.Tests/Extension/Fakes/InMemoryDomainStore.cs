using Spm.Coordinator.Store;

namespace Spm.Coordinator.Tests.Extension.Fakes;

/// <summary><see cref="IDomainStore"/> in memory; <see cref="Fenced"/> makes every write change nothing.</summary>
internal sealed class InMemoryDomainStore(Journal journal) : IDomainStore
{
    private readonly Dictionary<Guid, List<string>> _devices = [];

    public bool Fenced { get; set; }

    public List<AdminOperationRecord> Operations { get; } = [];

    public IReadOnlyList<string> DevicesOf(Guid domainId) => _devices.TryGetValue(domainId, out var list) ? list : [];

    public Task<IReadOnlyDictionary<Guid, IReadOnlyList<string>>> ReadDevicesAsync(string poolId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<Guid, IReadOnlyList<string>>>(_devices.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value));

    public Task<IReadOnlyDictionary<Guid, IReadOnlyList<string>>?> RegisterDomainsAsync(
        LeaseFence fence, IReadOnlyList<DomainRegistration> domains, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<IReadOnlyList<string>?> AddDeviceAsync(LeaseFence fence, Guid domainId, string device, CancellationToken cancellationToken)
    {
        if (Fenced)
        {
            return Task.FromResult<IReadOnlyList<string>?>(null);
        }

        if (!_devices.TryGetValue(domainId, out var list))
        {
            list = [];
            _devices[domainId] = list;
        }

        list.Add(device);
        journal.Add($"store device {device}");
        return Task.FromResult<IReadOnlyList<string>?>(list.ToList());
    }

    public Task<IReadOnlyList<VolumeRecord>> ReadVolumesAsync(Guid domainId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<VolumeRecord>>([]);

    public Task<bool> RecordVolumeAsync(LeaseFence fence, VolumeRegistration volume, bool extended, CancellationToken cancellationToken)
    {
        journal.Add("record volume");
        return Task.FromResult(!Fenced);
    }

    public Task<bool> RecordAdminOperationAsync(LeaseFence fence, AdminOperationRecord operation, CancellationToken cancellationToken)
    {
        if (Fenced)
        {
            return Task.FromResult(false);
        }

        Operations.Add(operation);
        journal.Add($"audit {operation.Outcome}");
        return Task.FromResult(true);
    }

    public Task<IReadOnlyList<AdminOperationRecord>> ReadAdminOperationsAsync(string poolId, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<AdminOperationRecord>>([.. Operations]);
}
