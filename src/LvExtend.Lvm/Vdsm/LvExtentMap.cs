namespace LvExtend.Lvm.Vdsm;

/// <summary>
/// Where an LV's bytes are on its PVs, from lvm's own report (segments, each PV's <c>pe_start</c>, the VG's extent
/// size): LV byte <c>o</c> lies in logical extent <c>o / extent</c>; the segment holding it maps it to physical
/// extent <c>first + (le - seg_start)</c> on its PV, at byte <c>pe_start + pe * extent + o % extent</c>. Linear
/// segments only (vdsm's LVs are linear). Does no I/O.
/// </summary>
public sealed class LvExtentMap
{
    private readonly IReadOnlyList<LvmSegmentRecord> _segments;
    private readonly Dictionary<string, long> _peStarts;

    private LvExtentMap(IReadOnlyList<LvmSegmentRecord> segments, Dictionary<string, long> peStarts, long extentSizeBytes)
    {
        _segments = segments;
        _peStarts = peStarts;
        ExtentSizeBytes = extentSizeBytes;
    }

    /// <summary>The VG's extent size.</summary>
    public long ExtentSizeBytes { get; }

    /// <summary>The LV's size covered by the segments.</summary>
    public long LengthBytes => _segments.Sum(s => s.ExtentCount) * ExtentSizeBytes;

    /// <summary>Builds the map; a reason instead when a segment is not linear or lies on a PV the report did not list.</summary>
    public static LvExtentMap? TryCreate(
        IReadOnlyList<LvmSegmentRecord> segments, IReadOnlyList<LvmPvRecord> pvs, long extentSizeBytes, out string reason)
    {
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(pvs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(extentSizeBytes);
        var peStarts = pvs.ToDictionary(p => p.Name, p => p.PeStartBytes, StringComparer.Ordinal);
        foreach (var segment in segments)
        {
            if (segment.Ranges.Count != 1 || segment.Ranges[0].ExtentCount != segment.ExtentCount)
            {
                reason = $"segment at extent {segment.StartExtent} is not linear ({segment.Ranges.Count} PV ranges)";
                return null;
            }

            if (!peStarts.ContainsKey(segment.Ranges[0].Device))
            {
                reason = $"segment at extent {segment.StartExtent} is on {segment.Ranges[0].Device}, which pvs did not report";
                return null;
            }
        }

        reason = "";
        return new LvExtentMap(segments, peStarts, extentSizeBytes);
    }

    /// <summary>
    /// The PV and byte offset of LV byte <paramref name="lvOffset"/>, and how many bytes from there stay on the same
    /// PV run (to the end of the segment); false when the LV has no such byte.
    /// </summary>
    public bool TryMap(long lvOffset, out string device, out long pvOffset, out long contiguousBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lvOffset);
        var extent = lvOffset / ExtentSizeBytes;
        foreach (var segment in _segments)
        {
            if (extent >= segment.StartExtent && extent < segment.StartExtent + segment.ExtentCount)
            {
                var range = segment.Ranges[0];
                var physical = range.FirstExtent + (extent - segment.StartExtent);
                device = range.Device;
                pvOffset = _peStarts[range.Device] + (physical * ExtentSizeBytes) + (lvOffset % ExtentSizeBytes);
                contiguousBytes = ((segment.StartExtent + segment.ExtentCount) * ExtentSizeBytes) - lvOffset;
                return true;
            }
        }

        device = "";
        pvOffset = -1;
        contiguousBytes = 0;
        return false;
    }
}
