namespace Spm.Coordinator.Store;

/// <summary>The <c>domains</c> and <c>volumes</c> registry. Writes are fenced (null/false when fenced out).</summary>
internal interface IDomainStore
{
    /// <summary>The persisted device lists by domain (PVs added by earlier leaders included).</summary>
    Task<IReadOnlyDictionary<Guid, IReadOnlyList<string>>> ReadDevicesAsync(string poolId, CancellationToken cancellationToken);

    /// <summary>
    /// Registers the configured domains (VG name, maximum; devices merged with the persisted ones) and
    /// returns every domain's device list; null when fenced out.
    /// </summary>
    Task<IReadOnlyDictionary<Guid, IReadOnlyList<string>>?> RegisterDomainsAsync(
        LeaseFence fence, IReadOnlyList<DomainRegistration> domains, CancellationToken cancellationToken);

    /// <summary>Adds a device to a domain's list; the new list, or null when fenced out.</summary>
    Task<IReadOnlyList<string>?> AddDeviceAsync(LeaseFence fence, Guid domainId, string device, CancellationToken cancellationToken);

    /// <summary>The volumes registered for a domain (LV name, capacity when known).</summary>
    Task<IReadOnlyList<VolumeRecord>> ReadVolumesAsync(Guid domainId, CancellationToken cancellationToken);

    /// <summary>Records a volume's LV name, size and capacity; false when fenced out.</summary>
    Task<bool> RecordVolumeAsync(LeaseFence fence, VolumeRegistration volume, bool extended, CancellationToken cancellationToken);
}

/// <summary>A domain as configured.</summary>
internal sealed record DomainRegistration(Guid DomainId, string VgName, IReadOnlyList<string> Devices, long MaxVolumeSizeMib);

/// <summary>A volume as last seen.</summary>
internal sealed record VolumeRegistration(Guid DomainId, Guid VolumeId, string LvName, long SizeBytes, long? CapacityMib);

/// <summary>A volume in the registry.</summary>
internal sealed record VolumeRecord(Guid VolumeId, string LvName, long? CapacityMib);
