using System.Globalization;
using System.Text.Json;

namespace Hsm.Agent.Activation;

/// <summary>Parses <c>lvs --reportformat json --units b --nosuffix -o lv_size</c>.</summary>
internal static class LvmReport
{
    /// <summary>The first LV's <c>lv_size</c> in bytes, or null when the report lists no LV.</summary>
    public static long? ParseLvSize(string json)
    {
        using var document = JsonDocument.Parse(json);
        foreach (var report in document.RootElement.GetProperty("report").EnumerateArray())
        {
            if (!report.TryGetProperty("lv", out var lvs))
            {
                continue;
            }

            foreach (var lv in lvs.EnumerateArray())
            {
                if (lv.TryGetProperty("lv_size", out var size) && size.GetString() is { } text)
                {
                    return long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
                }
            }
        }

        return null;
    }
}
