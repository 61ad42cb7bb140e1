using System.Globalization;

namespace LvExtend.Lvm.Vdsm;

/// <summary>
/// Where a vdsm block domain keeps a volume's metadata in its special LV <c>metadata</c>, by domain version
/// (VG tag <c>MDT_VERSION=4|5</c>): version 4 has 512-byte slots from byte 0 and the size key <c>SIZE</c> in
/// 512-byte blocks; version 5 has 8 KiB slots from 1 MiB and the key <c>CAP</c> in bytes. A slot's text
/// (<c>KEY=VALUE\n</c> lines ending with <c>EOF\n</c>) is at most <see cref="MaxTextBytes"/> bytes, the rest zero.
/// </summary>
/// <param name="Version">The domain version (4 or 5).</param>
/// <param name="SlotBase">The byte offset of slot 0 in the <c>metadata</c> LV.</param>
/// <param name="SlotSize">The bytes per slot.</param>
/// <param name="CapacityKey">The key holding the capacity (<c>SIZE</c> or <c>CAP</c>).</param>
/// <param name="CapacityUnit">Bytes per unit of that key (512 or 1).</param>
public sealed record VdsmMetadataFormat(int Version, long SlotBase, int SlotSize, string CapacityKey, long CapacityUnit)
{
    /// <summary>The name of the LV that holds the volumes' metadata.</summary>
    public const string MetadataLvName = "metadata";

    /// <summary>The VG tag naming the domain version.</summary>
    public const string VersionTagPrefix = "MDT_VERSION=";

    /// <summary>The most bytes of a slot that hold text (vdsm's METADATA_SIZE).</summary>
    public const int MaxTextBytes = 512;

    /// <summary>Domain version 4.</summary>
    public static VdsmMetadataFormat V4 { get; } = new(4, 0, 512, "SIZE", 512);

    /// <summary>Domain version 5.</summary>
    public static VdsmMetadataFormat V5 { get; } = new(5, 1024 * 1024, 8 * 1024, "CAP", 1);

    /// <summary>The byte offset of <paramref name="slot"/> in the <c>metadata</c> LV.</summary>
    public long SlotOffset(int slot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        return SlotBase + ((long)slot * SlotSize);
    }

    /// <summary>
    /// The format of a VG whose tags include <c>MDT_VERSION=4</c> or <c>MDT_VERSION=5</c>; false for any other VG
    /// (not a vdsm block domain, or a version this reader does not know).
    /// </summary>
    public static bool TryFromVgTags(IEnumerable<string> vgTags, out VdsmMetadataFormat format)
    {
        ArgumentNullException.ThrowIfNull(vgTags);
        foreach (var tag in vgTags)
        {
            if (tag.StartsWith(VersionTagPrefix, StringComparison.Ordinal)
                && int.TryParse(tag.AsSpan(VersionTagPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                switch (version)
                {
                    case 4:
                        format = V4;
                        return true;
                    case 5:
                        format = V5;
                        return true;
                }
            }
        }

        format = V5;
        return false;
    }
}
