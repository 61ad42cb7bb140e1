using System.Text;
using LvExtend.Lvm.Vdsm;
using LvExtend.TestSupport.Vdsm;

namespace LvExtend.Lvm.Tests.Vdsm;

/// <summary>
/// The slot parser and the cap against the bytes vdsm's own code wrote (<see cref="VdsmVectorSet"/>): every
/// expectation comes from the vector JSON, so further sets written by the reference run through unchanged.
/// </summary>
public sealed class VdsmMetadataVectorTests
{
    public static TheoryData<string> Sets => new(VdsmVectorSet.Names());

    [Fact]
    public void Directory_HoldsVectorSets()
    {
        Assert.True(VdsmVectorSet.Names().Count > 0,
            $"no volumes-*.json in {VdsmVectorSet.Directory} (set {VdsmVectorSet.DirectoryVariable} to the vector directory)");
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void TryFromVgTags_VectorVgTags_GiveTheVectorsLayout(string set)
    {
        var vectors = VdsmVectorSet.Load(set);

        Assert.True(VdsmMetadataFormat.TryFromVgTags(vectors.Domain.VgTags, out var format));

        Assert.Equal(vectors.Domain.Version, format.Version);
        Assert.Equal(vectors.Domain.SlotBase, format.SlotBase);
        Assert.Equal(vectors.Domain.SlotSize, format.SlotSize);
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void ReadCapacity_EveryVolume_IsTheVectorsCapacityAndCap(string set)
    {
        var vectors = VdsmVectorSet.Load(set);
        Assert.True(VdsmMetadataFormat.TryFromVgTags(vectors.Domain.VgTags, out var format));
        Assert.NotEmpty(vectors.Domain.Volumes);

        foreach (var volume in vectors.Domain.Volumes)
        {
            Assert.True(VdsmVolumeTags.TryGetSlot(volume.LvTags, out var slot));
            Assert.Equal(volume.Slot, slot);
            Assert.Equal(volume.Image, VdsmVolumeTags.GetImage(volume.LvTags));
            var bytes = vectors.Metadata.AsSpan(checked((int)format.SlotOffset(slot)), format.SlotSize);

            var result = VdsmSlotParser.ReadCapacity(bytes, format, slot);

            Assert.True(result.Succeeded, $"{set} {volume.Volume}: {result}");
            Assert.Equal(volume.CapacityBytes, result.CapacityBytes);
            Assert.Equal(volume.CapMib, result.CapMib);
            Assert.Equal(volume.CapMib, VdsmCap.CapMib(volume.CapacityBytes));
            Assert.Equal(volume.CapMib << 20, VdsmCap.CapBytes(volume.CapacityBytes));
            Assert.Equal(volume.Image, result.Contents!.Values["IMAGE"]);
            Assert.Equal(volume.Parent, result.Contents.Values["PUUID"]);
        }
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void ReadCapacity_SlotNoVolumeUses_IsEmpty(string set)
    {
        var vectors = VdsmVectorSet.Load(set);
        Assert.True(VdsmMetadataFormat.TryFromVgTags(vectors.Domain.VgTags, out var format));
        var used = vectors.Domain.Volumes.Select(v => v.Slot).ToHashSet();
        var free = Enumerable.Range(0, used.Max()).First(s => !used.Contains(s));

        var result = VdsmSlotParser.ReadCapacity(vectors.Metadata.AsSpan(checked((int)format.SlotOffset(free)), format.SlotSize), format, free);

        Assert.Equal(VdsmCapacityStatus.SlotEmpty, result.Status);
        Assert.Equal(0, result.CapMib);
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void ReadCapacity_CorruptedSlots_GiveTypedReasons(string set)
    {
        var vectors = VdsmVectorSet.Load(set);
        Assert.True(VdsmMetadataFormat.TryFromVgTags(vectors.Domain.VgTags, out var format));
        var volume = vectors.Domain.Volumes[0];
        var lines = SlotLines(vectors.SlotBytes(volume));
        var capacityLine = lines.Single(l => IsCapacityLine(l, volume.CapacityBytes, format));

        Assert.Equal(VdsmCapacityStatus.SlotNotParsable, Read(lines.Where(l => l != "EOF"), format).Status);
        Assert.Equal(VdsmCapacityStatus.CapacityMissing, Read(lines.Where(l => l != capacityLine), format).Status);
        var key = capacityLine[..capacityLine.IndexOf('=', StringComparison.Ordinal)];
        Assert.Equal(VdsmCapacityStatus.CapacityInvalid, Read(lines.Select(l => l == capacityLine ? key + "=12x" : l), format).Status);
        Assert.Equal(VdsmCapacityStatus.CapacityInvalid, Read(lines.Select(l => l == capacityLine ? key + "=0" : l), format).Status);
        Assert.Equal(VdsmCapacityStatus.SlotNotParsable, Read(lines.Select(l => l == capacityLine ? key : l), format).Status);
        Assert.Equal(VdsmCapacityStatus.SlotNotParsable, Read([.. lines.Take(1), .. lines], format).Status);

        var flipped = vectors.SlotBytes(volume);
        flipped[3] = 0x01;
        var result = VdsmSlotParser.ReadCapacity(flipped, format, volume.Slot);
        Assert.Equal(VdsmCapacityStatus.SlotNotParsable, result.Status);
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void ReadCapacity_EveryTruncationBeforeEof_FailsWithoutThrowing(string set)
    {
        var vectors = VdsmVectorSet.Load(set);
        Assert.True(VdsmMetadataFormat.TryFromVgTags(vectors.Domain.VgTags, out var format));
        var slot = vectors.SlotBytes(vectors.Domain.Volumes[0]);
        var textLength = Array.IndexOf(slot, (byte)0);

        // Cut anywhere before the end of "EOF" (only its final newline may go), a slot never reads as a capacity.
        for (var length = 0; length < textLength - 1; length++)
        {
            var result = VdsmSlotParser.ReadCapacity(slot.AsSpan(0, length), format, 0);
            Assert.False(result.Succeeded, $"a slot cut at {length} bytes read as {result}");
        }
    }

    [Fact]
    public void TryFromVgTags_OtherVgs_AreNotVdsmDomains()
    {
        Assert.False(VdsmMetadataFormat.TryFromVgTags([], out _));
        Assert.False(VdsmMetadataFormat.TryFromVgTags(["MDT_VERSION=3"], out _));
        Assert.False(VdsmMetadataFormat.TryFromVgTags(["lvx_pool"], out _));
        Assert.False(VdsmVolumeTags.TryGetSlot(["IU_x", "MD_x"], out _));
    }

    private static string[] SlotLines(byte[] slot)
    {
        var end = Array.IndexOf(slot, (byte)0);
        return Encoding.UTF8.GetString(slot, 0, end < 0 ? slot.Length : end).TrimEnd('\n').Split('\n');
    }

    private static bool IsCapacityLine(string line, long capacityBytes, VdsmMetadataFormat format)
    {
        var value = line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..];
        return long.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var n) && n * format.CapacityUnit == capacityBytes
            && line.StartsWith(format.CapacityKey + "=", StringComparison.Ordinal);
    }

    private static VdsmCapacityResult Read(IEnumerable<string> lines, VdsmMetadataFormat format)
    {
        var bytes = new byte[format.SlotSize];
        Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n"))).CopyTo(bytes, 0);
        return VdsmSlotParser.ReadCapacity(bytes, format, 0);
    }
}
