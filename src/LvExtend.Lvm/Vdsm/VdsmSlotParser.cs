using System.Globalization;
using System.Text;

namespace LvExtend.Lvm.Vdsm;

/// <summary>
/// Parses one metadata slot as vdsm writes it (<c>VolumeMetadata.storage_format</c>): <c>KEY=VALUE\n</c> text lines,
/// then <c>EOF\n</c>, the rest of the slot zero; at most <see cref="VdsmMetadataFormat.MaxTextBytes"/> bytes of text.
/// Does no I/O. Every outcome is a <see cref="VdsmCapacityResult"/>: the capacity, or why not.
/// </summary>
public static class VdsmSlotParser
{
    /// <summary>Parses the slot's text into its pairs; null with <paramref name="status"/> and <paramref name="reason"/> when it is empty or malformed.</summary>
    public static VdsmSlot? TryParse(ReadOnlySpan<byte> slot, out VdsmCapacityStatus status, out string reason)
    {
        var text = slot[..Math.Min(slot.Length, VdsmMetadataFormat.MaxTextBytes)];
        var end = text.IndexOf((byte)0);
        if (end >= 0)
        {
            if (text[end..].ContainsAnyExcept((byte)0))
            {
                status = VdsmCapacityStatus.SlotNotParsable;
                reason = string.Create(CultureInfo.InvariantCulture, $"a zero byte at {end} inside the slot's text");
                return null;
            }

            text = text[..end];
        }

        if (text.IsEmpty)
        {
            status = VdsmCapacityStatus.SlotEmpty;
            reason = "the slot is empty (all zeros)";
            return null;
        }

        if (text.ContainsAnyInRange((byte)0x01, (byte)0x09) || text.ContainsAnyInRange((byte)0x0b, (byte)0x1f) || text.Contains((byte)0x7f))
        {
            status = VdsmCapacityStatus.SlotNotParsable;
            reason = "the slot holds control bytes: not text lines";
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = Encoding.UTF8.GetString(text).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line == "EOF")
            {
                status = VdsmCapacityStatus.Read;
                reason = "";
                return new VdsmSlot(values);
            }

            if (line.Length == 0 && i == lines.Length - 1)
            {
                break;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                status = VdsmCapacityStatus.SlotNotParsable;
                reason = string.Create(CultureInfo.InvariantCulture, $"line {i + 1} ('{Shorten(line)}') is not KEY=VALUE");
                return null;
            }

            if (!values.TryAdd(line[..equals], line[(equals + 1)..]))
            {
                status = VdsmCapacityStatus.SlotNotParsable;
                reason = $"the key {line[..equals]} appears twice";
                return null;
            }
        }

        status = VdsmCapacityStatus.SlotNotParsable;
        reason = "the slot's text does not end with EOF";
        return null;
    }

    /// <summary>The capacity in bytes the slot gives under <paramref name="format"/> (<c>CAP</c> or <c>SIZE</c> x 512), or why not.</summary>
    public static VdsmCapacityResult ReadCapacity(ReadOnlySpan<byte> slot, VdsmMetadataFormat format, int slotNumber)
    {
        ArgumentNullException.ThrowIfNull(format);
        var parsed = TryParse(slot, out var status, out var reason);
        if (parsed is null)
        {
            return VdsmCapacityResult.Fail(status, slotNumber, reason);
        }

        return FromSlot(parsed, format, slotNumber);
    }

    /// <summary>The capacity a parsed slot gives under <paramref name="format"/>, or why not.</summary>
    public static VdsmCapacityResult FromSlot(VdsmSlot slot, VdsmMetadataFormat format, int slotNumber)
    {
        ArgumentNullException.ThrowIfNull(slot);
        ArgumentNullException.ThrowIfNull(format);
        if (!slot.Values.TryGetValue(format.CapacityKey, out var text))
        {
            return VdsmCapacityResult.Fail(VdsmCapacityStatus.CapacityMissing, slotNumber,
                $"the slot has no {format.CapacityKey} (domain version {format.Version})");
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var units) || units <= 0
            || units > long.MaxValue / format.CapacityUnit)
        {
            return VdsmCapacityResult.Fail(VdsmCapacityStatus.CapacityInvalid, slotNumber, $"{format.CapacityKey}={Shorten(text)} is not a positive whole number");
        }

        return VdsmCapacityResult.Ok(units * format.CapacityUnit, slotNumber, slot);
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
