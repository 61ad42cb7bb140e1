using LvExtend.Admin.V1;

namespace Lvx.Commands.Coordinator;

/// <summary>The JSON of <c>lvx status</c>. Sizes in bytes; every known state appears in <see cref="RequestCounts"/>.</summary>
internal sealed record StatusView(
    string InstanceId,
    string Pool,
    string Role,
    long Epoch,
    LeaseView Lease,
    IReadOnlyList<VolumeGroupView> VolumeGroups,
    IReadOnlyDictionary<string, long> RequestCounts,
    bool Serving,
    IReadOnlyList<string> NotServingReasons)
{
    public static StatusView From(GetStatusResponse status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var counts = Formats.KnownStates.ToDictionary(Formats.StateName, _ => 0L);
        foreach (var count in status.RequestCounts)
        {
            counts[Formats.StateName(count.State)] = count.Count;
        }

        var lease = status.Lease ?? new Lease();
        return new StatusView(
            status.InstanceId,
            status.Pool,
            status.Role switch { LvExtend.Admin.V1.Role.Leader => "leader", LvExtend.Admin.V1.Role.Standby => "standby", _ => "unknown" },
            status.Epoch,
            new LeaseView(Formats.NullIfEmpty(lease.Holder), lease.Epoch, Formats.ToDateTimeOffset(lease.ExpiresAt), lease.Expired),
            [.. status.VolumeGroups.Select(vg => new VolumeGroupView(
                vg.Domain,
                vg.VgName,
                vg.HasSizeBytes ? vg.SizeBytes : null,
                vg.HasFreeBytes ? vg.FreeBytes : null,
                vg.WaitingRequests,
                [.. vg.PhysicalVolumes],
                Formats.NullIfEmpty(vg.Error)))],
            counts,
            status.Serving,
            [.. status.NotServingReasons]);
    }
}

/// <summary>The pool's lease in <see cref="StatusView"/>.</summary>
internal sealed record LeaseView(string? Holder, long Epoch, DateTimeOffset? ExpiresAt, bool Expired);

/// <summary>One VG in <see cref="StatusView"/>.</summary>
internal sealed record VolumeGroupView(
    string Domain,
    string VgName,
    long? SizeBytes,
    long? FreeBytes,
    int WaitingRequests,
    IReadOnlyList<string> PhysicalVolumes,
    string? Error);
