using System.Globalization;
using System.Text.Json;

namespace LvExtend.Lvm;

/// <summary>
/// The one reader of lvm's JSON reports (<c>{"report":[{"vg":[{"vg_name":"..."}]}]}</c>, every value a string,
/// sizes in bytes from <c>--units b --nosuffix</c>) into typed records. The field lists are
/// <see cref="LvmReportFields"/>. Does no I/O. A report of another shape throws <see cref="LvmReportException"/>
/// naming the field.
/// </summary>
public static class LvmReportReader
{
    /// <summary>The VGs of a <c>vgs</c> report.</summary>
    public static IReadOnlyList<LvmVgRecord> ReadVolumeGroups(string json) => Read(json, "vg", row => new LvmVgRecord(
        row.String("vg_name"),
        row.String("vg_uuid"),
        row.Long("vg_size"),
        row.Long("vg_free"),
        row.Long("vg_extent_size"),
        row.Long("vg_extent_count"),
        row.Long("vg_free_count"),
        row.Long("vg_seqno"),
        checked((int)row.Long("pv_count")),
        checked((int)row.Long("lv_count")),
        row.Long("vg_mda_free"),
        row.Tags("vg_tags")));

    /// <summary>The LVs of an <c>lvs</c> report.</summary>
    public static IReadOnlyList<LvmLvRecord> ReadLogicalVolumes(string json) => Read(json, "lv", row => new LvmLvRecord(
        row.String("vg_name"), row.String("lv_name"), row.String("lv_uuid"), row.Long("lv_size"), row.Tags("lv_tags")));

    /// <summary>The PVs of a <c>pvs</c> report.</summary>
    public static IReadOnlyList<LvmPvRecord> ReadPhysicalVolumes(string json) => Read(json, "pv", row => new LvmPvRecord(
        row.String("pv_name"),
        row.String("vg_name"),
        row.String("pv_uuid"),
        row.Long("pv_size"),
        row.Long("pv_free"),
        row.Long("pe_start"),
        row.Long("pv_pe_count")));

    /// <summary>The segments of an <c>lvs --segments</c> report.</summary>
    public static IReadOnlyList<LvmSegmentRecord> ReadSegments(string json) => Read(json, "seg", row => new LvmSegmentRecord(
        row.String("lv_name"), row.Long("seg_start_pe"), row.Long("seg_size_pe"), ParseRanges(row.String("seg_pe_ranges"))));

    /// <summary>
    /// Parses <c>seg_pe_ranges</c>: space-separated <c>&lt;device&gt;:&lt;first&gt;-&lt;last&gt;</c> (empty for a segment on no PV).
    /// </summary>
    public static IReadOnlyList<LvmPeRange> ParseRanges(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ranges = new List<LvmPeRange>();
        foreach (var part in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = part.LastIndexOf(':');
            var dash = colon < 0 ? -1 : part.IndexOf('-', colon);
            if (colon <= 0 || dash < 0
                || !long.TryParse(part.AsSpan(colon + 1, dash - colon - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var first)
                || !long.TryParse(part.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var last)
                || last < first)
            {
                throw new LvmReportException($"seg_pe_ranges: '{part}' is not <device>:<first>-<last>.");
            }

            ranges.Add(new LvmPeRange(part[..colon], first, last));
        }

        return ranges;
    }

    private static List<T> Read<T>(string json, string kind, Func<Row, T> map)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("report", out var reports) || reports.ValueKind != JsonValueKind.Array)
            {
                throw new LvmReportException("the lvm report has no \"report\" array.");
            }

            var records = new List<T>();
            foreach (var report in reports.EnumerateArray())
            {
                if (report.ValueKind == JsonValueKind.Object && report.TryGetProperty(kind, out var items) && items.ValueKind == JsonValueKind.Array)
                {
                    foreach (var item in items.EnumerateArray())
                    {
                        records.Add(map(new Row(item, kind)));
                    }
                }
            }

            return records;
        }
        catch (JsonException ex)
        {
            throw new LvmReportException($"the lvm report is not JSON: {ex.Message}", ex);
        }
    }

    private readonly struct Row(JsonElement element, string kind)
    {
        public string String(string field)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(field, out var value) || value.ValueKind != JsonValueKind.String)
            {
                throw new LvmReportException($"the lvm {kind} report has no string field {field}.");
            }

            return value.GetString()!;
        }

        public long Long(string field)
        {
            var text = String(field);
            return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new LvmReportException($"the lvm {kind} report's {field} is '{text}', not a number (run with --units b --nosuffix).");
        }

        public string[] Tags(string field) =>
            String(field).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
