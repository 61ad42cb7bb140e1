using System.Globalization;
using System.Text.Json;

namespace LvExtend.Bench.Report;

/// <summary>
/// Compares two JSON reports field by field: every number present in both (by its path, e.g.
/// <c>rounds.tunedMedian.roundTripP50Ms</c>), with the second over the first; optionally only the paths
/// containing a filter. No root, no LVM, no database.
/// </summary>
internal static class JsonCompare
{
    public static int Run(string first, string second, string? filter, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        Dictionary<string, double> a, b;
        try
        {
            a = Flatten(first);
            b = Flatten(second);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            error.WriteLine($"bench --compare: cannot read the reports: {ex.Message}");
            return 2;
        }

        output.WriteLine(F($"{"figure",-90} {"first",14} {"second",14} {"second/first",12}"));
        foreach (var (path, x) in a)
        {
            if ((filter is null || path.Contains(filter, StringComparison.OrdinalIgnoreCase)) && b.TryGetValue(path, out var y))
            {
                var ratio = x != 0 ? y / x : double.NaN;
                output.WriteLine(F($"{path,-90} {x,14:0.###} {y,14:0.###} {ratio,12:0.###}"));
            }
        }

        return 0;
    }

    private static Dictionary<string, double> Flatten(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        Walk(doc.RootElement, "", values);
        return values;
    }

    private static void Walk(JsonElement element, string path, Dictionary<string, double> values)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Walk(property.Value, path.Length == 0 ? property.Name : path + "." + property.Name, values);
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, F($"{path}[{i++}]"), values);
                }

                break;
            case JsonValueKind.Number:
                values[path] = element.GetDouble();
                break;
            case JsonValueKind.String when double.TryParse(element.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var named):
                values[path] = named; // NaN and infinities are written as strings
                break;
            default:
                break;
        }
    }

    private static string F(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
