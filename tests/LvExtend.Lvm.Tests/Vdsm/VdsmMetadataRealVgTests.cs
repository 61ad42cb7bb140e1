using System.Text;
using LvExtend.Lvm.Vdsm;
using LvExtend.TestSupport;

namespace LvExtend.Lvm.Tests.Vdsm;

/// <summary>
/// <see cref="VdsmMetadataReader"/> on a real VG on loop PVs built like a vdsm block domain from each vector set:
/// the VG tags, a fragmented <c>metadata</c> LV holding the vector bytes (written through the PVs at the offsets lvm
/// reports), and volume LVs tagged <c>MD_/IU_/PU_</c>. No device-mapper: the reader maps extents and reads the PV.
/// </summary>
public sealed class VdsmMetadataRealVgTests
{
    private const long Mib = 1L << 20;

    public static TheoryData<string> Sets => new(VdsmVectorSet.Names());

    [Theory]
    [MemberData(nameof(Sets))]
    public async Task ReadDomainAsync_VdsmLikeVg_ReturnsTheVectorsCapacities(string set)
    {
        var vectors = VdsmVectorSet.Load(set);
        await using var vg = await BuildDomainAsync(vectors);
        var reader = new VdsmMetadataReader(LvmCommand.Tool);

        var domain = await reader.ReadDomainAsync(vg.Name, vg.Devices, CancellationToken.None);

        Assert.True(domain.Succeeded, domain.Error);
        Assert.True(domain.Value!.IsVdsmDomain);
        var segments = await LvmCommand.Tool.ListSegmentsAsync(vg.Name, VdsmMetadataFormat.MetadataLvName, vg.Devices, CancellationToken.None);
        Assert.True(segments.Value!.Count >= 2, "the metadata LV is fragmented: the reader must map extents, not assume one run");
        Assert.Equal(vectors.Domain.Version, domain.Value.Format!.Version);
        Assert.Equal(vg.GetVg().SeqNo, domain.Value.SeqNo);
        foreach (var volume in vectors.Domain.Volumes)
        {
            var result = domain.Value.Volumes[volume.Volume];
            Assert.True(result.Succeeded, $"{volume.Volume}: {result}");
            Assert.Equal((volume.Slot, volume.CapacityBytes, volume.CapMib), (result.Slot, result.CapacityBytes, result.CapMib));
        }

        Assert.Equal(VdsmCapacityStatus.NoSlotTag, domain.Value.Volumes["filler"].Status);
        Assert.DoesNotContain(VdsmMetadataFormat.MetadataLvName, domain.Value.Volumes.Keys);
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public async Task ReadCapacityAsync_CorruptedSlotOnThePv_GivesTheTypedReason(string set)
    {
        var vectors = VdsmVectorSet.Load(set);
        await using var vg = await BuildDomainAsync(vectors);
        var reader = new VdsmMetadataReader(LvmCommand.Tool);
        var corrupted = vectors.Domain.Volumes[^1];
        var intact = vectors.Domain.Volumes[0];
        var slot = vectors.SlotBytes(corrupted);
        var eof = Encoding.ASCII.GetBytes("EOF\n");
        var at = slot.AsSpan().IndexOf(eof);
        Assert.True(at > 0);
        slot.AsSpan(at, eof.Length).Clear();
        await WriteLvBytesAsync(vg, VdsmMetadataFormat.MetadataLvName, vectors.Domain.SlotBase + ((long)corrupted.Slot * vectors.Domain.SlotSize), slot);

        var bad = await reader.ReadCapacityAsync(vg.Name, corrupted.Volume, vg.Devices, CancellationToken.None);
        var good = await reader.ReadCapacityAsync(vg.Name, intact.Volume, vg.Devices, CancellationToken.None);

        Assert.Equal(VdsmCapacityStatus.SlotNotParsable, bad.Status);
        Assert.Contains("EOF", bad.Reason, StringComparison.Ordinal);
        Assert.Equal(corrupted.Slot, bad.Slot);
        Assert.True(good.Succeeded, good.ToString());
        Assert.Equal(intact.CapacityBytes, good.CapacityBytes);
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public async Task ReadCapacityAsync_SlotOfAnotherImage_IsAMismatch(string set)
    {
        var vectors = VdsmVectorSet.Load(set);
        await using var vg = await BuildDomainAsync(vectors);
        var reader = new VdsmMetadataReader(LvmCommand.Tool);
        var first = vectors.Domain.Volumes[0];
        var second = vectors.Domain.Volumes[1];
        vg.CreateLv("wrongslot", 1, $"{VdsmVolumeTags.SlotPrefix}{second.Slot}", $"{VdsmVolumeTags.ImagePrefix}{first.Image}");

        var result = await reader.ReadCapacityAsync(vg.Name, "wrongslot", vg.Devices, CancellationToken.None);

        Assert.Equal(VdsmCapacityStatus.SlotMismatch, result.Status);
    }

    [Fact]
    public async Task ReadCapacityAsync_VgWithoutVdsmTags_IsNotAVdsmDomain()
    {
        await using var vg = await LoopVolumeGroup.CreateAsync(new LoopVolumeGroupOptions { PhysicalVolumeSizeGiB = 1 });
        vg.CreateLv("vol", 4, "MD_3");
        var reader = new VdsmMetadataReader(LvmCommand.Tool);

        var result = await reader.ReadCapacityAsync(vg.Name, "vol", vg.Devices, CancellationToken.None);
        var domain = await reader.ReadDomainAsync(vg.Name, vg.Devices, CancellationToken.None);

        Assert.Equal(VdsmCapacityStatus.NotVdsmDomain, result.Status);
        Assert.True(domain.Succeeded, domain.Error);
        Assert.False(domain.Value!.IsVdsmDomain);
    }

    /// <summary>
    /// A VG like vdsm's: its tags, a <c>metadata</c> LV split in two segments (1 MiB extents, a filler LV between),
    /// the vector bytes written into it through the PVs, and the volume LVs with their tags.
    /// </summary>
    private static async Task<LoopVolumeGroup> BuildDomainAsync(VdsmVectorSet vectors)
    {
        var vg = await LoopVolumeGroup.CreateAsync(new LoopVolumeGroupOptions { PhysicalVolumeCount = 2, PhysicalVolumeSizeGiB = 1, ExtentSizeMib = 1 });
        try
        {
            vg.AddVgTags([.. vectors.Domain.VgTags]);
            var metadataMib = Math.Max(2, (vectors.Metadata.Length + Mib - 1) / Mib + 1);
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

    /// <summary>Writes <paramref name="bytes"/> at LV offset <paramref name="lvOffset"/> through the PVs (buffered, fsync'd).</summary>
    private static async Task WriteLvBytesAsync(LoopVolumeGroup vg, string lv, long lvOffset, byte[] bytes)
    {
        var vgRecord = vg.GetVg();
        var segments = LvmCommand.EnsureSucceeded(await LvmCommand.Tool.ListSegmentsAsync(vg.Name, lv, vg.Devices, CancellationToken.None));
        var pvs = LvmCommand.EnsureSucceeded(await LvmCommand.Tool.ListPvsAsync(vg.Name, vg.Devices, CancellationToken.None));
        var map = LvExtentMap.TryCreate(segments, pvs, vgRecord.ExtentSizeBytes, out var reason) ?? throw new InvalidOperationException(reason);
        var done = 0;
        while (done < bytes.Length)
        {
            Assert.True(map.TryMap(lvOffset + done, out var device, out var pvOffset, out var contiguous));
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
