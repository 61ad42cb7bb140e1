using System.Globalization;
using System.Text;
using LvExtend.Lvm.Vdsm;

namespace LvExtend.TestSupport.Vdsm;

/// <summary>
/// Builds a VG on loop PVs like a vdsm block domain from a vector set: the VG tags, a fragmented <c>metadata</c> LV
/// holding the vector bytes (written through the PVs at the offsets lvm reports, no device-mapper), and the volume
/// LVs tagged <c>MD_/IU_/PU_</c>. Also rewrites a slot in place, as vdsm's own metadata writes would.
/// </summary>
public static class VdsmDomainBuilder
{
    private const long Mib = 1L << 20;

    /// <summary>
    /// A VG like vdsm's: its tags, a <c>metadata</c> LV split in two segments (1 MiB extents, an LV <c>filler</c>
    /// between), the vector bytes written into it through the PVs, and the volume LVs (1 MiB each) with their tags.
    /// </summary>
    public static async Task<LoopVolumeGroup> BuildAsync(VdsmVectorSet vectors, int physicalVolumeSizeGiB = 1)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        var vg = await LoopVolumeGroup.CreateAsync(
            new LoopVolumeGroupOptions { PhysicalVolumeCount = 2, PhysicalVolumeSizeGiB = physicalVolumeSizeGiB, ExtentSizeMib = 1 });
        try
        {
            vg.AddVgTags([.. vectors.Domain.VgTags]);
            var metadataMib = Math.Max(2, ((vectors.Metadata.Length + Mib - 1) / Mib) + 1);
            vg.CreateLv(VdsmMetadataFormat.MetadataLvName, 1);
            vg.CreateLv("filler", 1);
            vg.ExtendLv(VdsmMetadataFormat.MetadataLvName, metadataMib);
            foreach (var volume in vectors.Domain.Volumes)
            {
                vg.CreateLv(volume.Volume, 1, [.. volume.LvTags]);
            }

            await WriteLvBytesAsync(vg, VdsmMetadataFormat.MetadataLvName, 0, vectors.Metadata);
            return vg;
        }
        catch
        {
            await vg.DisposeAsync();
            throw;
        }
    }

    /// <summary>Writes <paramref name="bytes"/> at slot <paramref name="slot"/> of the <c>metadata</c> LV.</summary>
    public static Task WriteSlotAsync(LoopVolumeGroup vg, VdsmVectorSet vectors, int slot, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        return WriteLvBytesAsync(vg, VdsmMetadataFormat.MetadataLvName, vectors.Domain.SlotBase + ((long)slot * vectors.Domain.SlotSize), bytes);
    }

    /// <summary>
    /// The slot of <paramref name="volume"/> with its capacity line (<c>CAP=</c> bytes in v5, <c>SIZE=</c> 512-byte
    /// blocks in v4) set to <paramref name="capacityBytes"/>, the rest unchanged, zero-padded to the slot's length.
    /// </summary>
    public static byte[] SlotWithCapacity(VdsmVectorSet vectors, VdsmVectorVolume volume, long capacityBytes)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        var original = vectors.SlotBytes(volume);
        var end = Array.IndexOf(original, (byte)0);
        var text = Encoding.ASCII.GetString(original, 0, end < 0 ? original.Length : end);
        var (key, value) = vectors.Domain.Version >= 5 ? ("CAP", capacityBytes) : ("SIZE", capacityBytes / 512);
        var lines = text.Split('\n');
        var found = false;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith(key + "=", StringComparison.Ordinal))
            {
                lines[i] = string.Create(CultureInfo.InvariantCulture, $"{key}={value}");
                found = true;
            }
        }

        if (!found)
        {
            throw new InvalidDataException($"slot {volume.Slot} of set {vectors.Name} has no {key}= line");
        }

        var rewritten = Encoding.ASCII.GetBytes(string.Join('\n', lines));
        var slot = new byte[original.Length];
        rewritten.CopyTo(slot, 0);
        return slot;
    }

    /// <summary>Writes <paramref name="bytes"/> at LV offset <paramref name="lvOffset"/> through the PVs (buffered, fsync'd).</summary>
    public static async Task WriteLvBytesAsync(LoopVolumeGroup vg, string lv, long lvOffset, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(vg);
        ArgumentNullException.ThrowIfNull(bytes);
        var vgRecord = vg.GetVg();
        var segments = LvmCommand.EnsureSucceeded(await LvmCommand.Tool.ListSegmentsAsync(vg.Name, lv, vg.Devices, CancellationToken.None));
        var pvs = LvmCommand.EnsureSucceeded(await LvmCommand.Tool.ListPvsAsync(vg.Name, vg.Devices, CancellationToken.None));
        var map = LvExtentMap.TryCreate(segments, pvs, vgRecord.ExtentSizeBytes, out var reason) ?? throw new InvalidOperationException(reason);
        var done = 0;
        while (done < bytes.Length)
        {
            if (!map.TryMap(lvOffset + done, out var device, out var pvOffset, out var contiguous))
            {
                throw new InvalidOperationException($"LV offset {lvOffset + done} is outside {vg.Name}/{lv}");
            }

            var count = (int)Math.Min(contiguous, bytes.Length - done);
            await using (var stream = new FileStream(device, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
            {
                stream.Position = pvOffset;
                await stream.WriteAsync(bytes.AsMemory(done, count));
                stream.Flush(flushToDisk: true);
            }

            done += count;
        }
    }
}
