using System.Text;
using LvExtend.Lvm.Vdsm;
using LvExtend.TestSupport;
using LvExtend.TestSupport.Vdsm;

namespace LvExtend.Lvm.Tests.Vdsm;

/// <summary>
/// <see cref="VdsmMetadataReader"/> on a real VG on loop PVs built like a vdsm block domain from each vector set:
/// the VG tags, a fragmented <c>metadata</c> LV holding the vector bytes (written through the PVs at the offsets lvm
/// reports), and volume LVs tagged <c>MD_/IU_/PU_</c>. No device-mapper: the reader maps extents and reads the PV.
/// </summary>
public sealed class VdsmMetadataRealVgTests
{
    public static TheoryData<string> Sets => new(VdsmVectorSet.Names());

    [Theory]
    [MemberData(nameof(Sets))]
    public async Task ReadDomainAsync_VdsmLikeVg_ReturnsTheVectorsCapacities(string set)
    {
        var vectors = VdsmVectorSet.Load(set);
        await using var vg = await VdsmDomainBuilder.BuildAsync(vectors);
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
        await using var vg = await VdsmDomainBuilder.BuildAsync(vectors);
        var reader = new VdsmMetadataReader(LvmCommand.Tool);
        var corrupted = vectors.Domain.Volumes[^1];
        var intact = vectors.Domain.Volumes[0];
        var slot = vectors.SlotBytes(corrupted);
        var eof = Encoding.ASCII.GetBytes("EOF\n");
        var at = slot.AsSpan().IndexOf(eof);
        Assert.True(at > 0);
        slot.AsSpan(at, eof.Length).Clear();
        await VdsmDomainBuilder.WriteSlotAsync(vg, vectors, corrupted.Slot, slot);

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
        await using var vg = await VdsmDomainBuilder.BuildAsync(vectors);
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
}
