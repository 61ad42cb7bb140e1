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

    /// <summary>Audits an admin operation on a domain (add-pv: refused, failed or done); false when fenced out.</summary>
    Task<bool> RecordAdminOperationAsync(LeaseFence fence, AdminOperationRecord operation, CancellationToken cancellationToken);

    /// <summary>The audited admin operations of a pool, newest first.</summary>
    Task<IReadOnlyList<AdminOperationRecord>> ReadAdminOperationsAsync(string poolId, int limit, CancellationToken cancellationToken);
}

/// <summary>
/// One audited admin operation (<c>admin_operations</c>): what was asked (operation, device, force) and
/// what came of it (outcome, a one-line detail).
/// </summary>
internal sealed record AdminOperationRecord(Guid DomainId, string Operation, string Device, bool Force, string Outcome, string Detail)
{
    /// <summary>The longest device text stored (operator input; escaped and cut).</summary>
    public const int MaxDeviceText = 300;

    /// <summary>Operator input as one printable, bounded line: control characters escaped, cut at <see cref="MaxDeviceText"/>.</summary>
    public static string Printable(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new System.Text.StringBuilder(Math.Min(text.Length, MaxDeviceText));
        foreach (var c in text)
        {
            if (builder.Length >= MaxDeviceText)
            {
                builder.Append("...");
                break;
            }

            if (char.IsControl(c))
            {
                builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}

/// <summary>A domain as configured.</summary>
internal sealed record DomainRegistration(Guid DomainId, string VgName, IReadOnlyList<string> Devices, long MaxVolumeSizeMib);

/// <summary>A volume as last seen.</summary>
internal sealed record VolumeRegistration(Guid DomainId, Guid VolumeId, string LvName, long SizeBytes, long? CapacityMib);

/// <summary>A volume in the registry.</summary>
internal sealed record VolumeRecord(Guid VolumeId, string LvName, long? CapacityMib);
