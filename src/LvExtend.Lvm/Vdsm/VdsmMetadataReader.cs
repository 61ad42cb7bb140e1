using System.Globalization;

namespace LvExtend.Lvm.Vdsm;

/// <summary>
/// Reads volume capacities from a vdsm block domain's own metadata, read-only and without device-mapper: the VG's
/// <c>MDT_VERSION</c> tag gives the format, a volume LV's <c>MD_&lt;slot&gt;</c> tag its slot in the LV
/// <c>metadata</c>; that LV's extents are mapped to PV offsets from lvm's report (<see cref="LvExtentMap"/>) and the
/// slot is read from the PV with direct I/O. Never writes, never activates. Expected failures are typed results.
/// </summary>
public sealed class VdsmMetadataReader
{
    /// <summary>vdsm's special LVs of a block domain: not volumes.</summary>
    public static readonly IReadOnlySet<string> SpecialLvNames =
        new HashSet<string>(["metadata", "ids", "inbox", "outbox", "leases", "xleases", "master"], StringComparer.Ordinal);

    private readonly LvmTool _lvm;

    /// <summary>Creates a reader running its reports through <paramref name="lvm"/>.</summary>
    public VdsmMetadataReader(LvmTool lvm)
    {
        ArgumentNullException.ThrowIfNull(lvm);
        _lvm = lvm;
    }

    /// <summary>
    /// Every volume's capacity in <paramref name="vg"/> (one vgs, lvs, segments and pvs report, one read per volume);
    /// a failure when an lvm report failed (then nothing can be said about the VG).
    /// </summary>
    public async Task<LvmQueryResult<VdsmDomainMetadata>> ReadDomainAsync(string vg, IReadOnlyList<string> devices, CancellationToken cancellationToken)
    {
        try
        {
            return LvmQueryResult<VdsmDomainMetadata>.Ok(await ReadDomainOrThrowAsync(vg, devices, cancellationToken).ConfigureAwait(false));
        }
        catch (LvmQueryException ex)
        {
            return LvmQueryResult<VdsmDomainMetadata>.Fail(ex.Message);
        }
    }

    private async Task<VdsmDomainMetadata> ReadDomainOrThrowAsync(string vg, IReadOnlyList<string> devices, CancellationToken cancellationToken)
    {
        var vgRecord = Require(await _lvm.GetVgAsync(vg, devices, cancellationToken).ConfigureAwait(false));
        if (!VdsmMetadataFormat.TryFromVgTags(vgRecord.Tags, out var format))
        {
            return new VdsmDomainMetadata(vg, vgRecord.SeqNo, null, new Dictionary<string, VdsmCapacityResult>(StringComparer.Ordinal));
        }

        var lvs = Require(await _lvm.ListLvsAsync(vg, devices, cancellationToken).ConfigureAwait(false));
        var map = await MapMetadataLvAsync(vgRecord, devices, cancellationToken).ConfigureAwait(false);
        var volumes = new Dictionary<string, VdsmCapacityResult>(StringComparer.Ordinal);
        foreach (var lv in lvs.Where(l => !SpecialLvNames.Contains(l.Name)))
        {
            volumes[lv.Name] = ReadVolume(lv, format, map);
        }

        return new VdsmDomainMetadata(vg, vgRecord.SeqNo, format, volumes);
    }

    /// <summary>The capacity of the volume <paramref name="vg"/>/<paramref name="lv"/>, or why it has none.</summary>
    public async Task<VdsmCapacityResult> ReadCapacityAsync(string vg, string lv, IReadOnlyList<string> devices, CancellationToken cancellationToken)
    {
        var vgResult = await _lvm.GetVgAsync(vg, devices, cancellationToken).ConfigureAwait(false);
        if (!vgResult.Succeeded)
        {
            return VdsmCapacityResult.Fail(VdsmCapacityStatus.LvmFailed, -1, vgResult.Error!);
        }

        if (!VdsmMetadataFormat.TryFromVgTags(vgResult.Value!.Tags, out var format))
        {
            return VdsmCapacityResult.Fail(VdsmCapacityStatus.NotVdsmDomain, -1, $"VG {vg} has no {VdsmMetadataFormat.VersionTagPrefix}4|5 tag");
        }

        var lvResult = await _lvm.GetLvAsync(vg, lv, devices, cancellationToken).ConfigureAwait(false);
        if (!lvResult.Succeeded)
        {
            return VdsmCapacityResult.Fail(lvResult.Command is { Succeeded: false } ? VdsmCapacityStatus.LvmFailed : VdsmCapacityStatus.NoSlotTag, -1, lvResult.Error!);
        }

        try
        {
            var map = await MapMetadataLvAsync(vgResult.Value, devices, cancellationToken).ConfigureAwait(false);
            return ReadVolume(lvResult.Value!, format, map);
        }
        catch (LvmQueryException ex)
        {
            return VdsmCapacityResult.Fail(VdsmCapacityStatus.LvmFailed, -1, ex.Message);
        }
    }

    private async Task<MetadataLv> MapMetadataLvAsync(LvmVgRecord vg, IReadOnlyList<string> devices, CancellationToken cancellationToken)
    {
        var segments = await _lvm.ListSegmentsAsync(vg.Name, VdsmMetadataFormat.MetadataLvName, devices, cancellationToken).ConfigureAwait(false);
        if (!segments.Succeeded)
        {
            return new MetadataLv(null, $"the LV {vg.Name}/{VdsmMetadataFormat.MetadataLvName} cannot be mapped: {segments.Error}");
        }

        var pvs = Require(await _lvm.ListPvsAsync(vg.Name, devices, cancellationToken).ConfigureAwait(false));
        var map = LvExtentMap.TryCreate(segments.Value!, pvs, vg.ExtentSizeBytes, out var reason);
        return new MetadataLv(map, map is null ? $"the LV {vg.Name}/{VdsmMetadataFormat.MetadataLvName} cannot be mapped: {reason}" : "");
    }

    private static VdsmCapacityResult ReadVolume(LvmLvRecord lv, VdsmMetadataFormat format, MetadataLv metadata)
    {
        if (!VdsmVolumeTags.TryGetSlot(lv.Tags, out var slot))
        {
            return VdsmCapacityResult.Fail(VdsmCapacityStatus.NoSlotTag, -1, $"the LV {lv.Name} has no {VdsmVolumeTags.SlotPrefix}<slot> tag");
        }

        if (metadata.Map is null)
        {
            return VdsmCapacityResult.Fail(VdsmCapacityStatus.SlotUnreadable, slot, metadata.Reason);
        }

        var lvOffset = format.SlotOffset(slot);
        if (!metadata.Map.TryMap(lvOffset, out var device, out var pvOffset, out var contiguous) || contiguous < VdsmMetadataFormat.MaxTextBytes)
        {
            return VdsmCapacityResult.Fail(VdsmCapacityStatus.SlotUnreadable, slot, string.Create(CultureInfo.InvariantCulture,
                $"slot {slot} (byte {lvOffset}) is outside the metadata LV ({metadata.Map.LengthBytes} bytes)"));
        }

        var block = new byte[DirectBlockReader.BlockSize];
        var blockStart = pvOffset / DirectBlockReader.BlockSize * DirectBlockReader.BlockSize;
        var within = (int)(pvOffset - blockStart);
        try
        {
            DirectBlockReader.Read(device, blockStart, block);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return VdsmCapacityResult.Fail(VdsmCapacityStatus.SlotUnreadable, slot, $"reading slot {slot} from {device}: {ex.Message}");
        }

        var text = block.AsSpan(within, Math.Min(VdsmMetadataFormat.MaxTextBytes, block.Length - within));
        var result = VdsmSlotParser.ReadCapacity(text, format, slot);
        var image = VdsmVolumeTags.GetImage(lv.Tags);
        if (result.Succeeded && image is not null
            && result.Contents!.Values.TryGetValue("IMAGE", out var slotImage) && !string.Equals(slotImage, image, StringComparison.Ordinal))
        {
            return VdsmCapacityResult.Fail(VdsmCapacityStatus.SlotMismatch, slot,
                $"slot {slot} describes image {slotImage}, the LV {lv.Name} belongs to image {image}");
        }

        return result;
    }

    private static T Require<T>(LvmQueryResult<T> result) =>
        result.Succeeded ? result.Value! : throw new LvmQueryException(result.Error!);

    private sealed record MetadataLv(LvExtentMap? Map, string Reason);
}
