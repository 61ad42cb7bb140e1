using System.Text.Json;

namespace Spm.Coordinator.Lvm;

/// <summary>Reads LVM's JSON reports: <c>{"report":[{"vg":[{"vg_name":"..."}]}]}</c>, every value a string.</summary>
internal static class LvmReport
{
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Rows(string json, string kind)
    {
        using var document = JsonDocument.Parse(json);
        var rows = new List<IReadOnlyDictionary<string, string>>();
        foreach (var report in document.RootElement.GetProperty("report").EnumerateArray())
        {
            if (!report.TryGetProperty(kind, out var items))
            {
                continue;
            }

            foreach (var item in items.EnumerateArray())
            {
                var row = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var property in item.EnumerateObject())
                {
                    row[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
                }

                rows.Add(row);
            }
        }

        return rows;
    }
}
