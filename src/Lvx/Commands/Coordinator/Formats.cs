using System.Globalization;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using LvExtend.Admin.V1;

namespace Lvx.Commands.Coordinator;

/// <summary>Conversions and text formats shared by the coordinator commands.</summary>
internal static class Formats
{
    private const long Mib = 1024 * 1024;

    /// <summary>A request state's name on the command line and in JSON: <c>waiting-for-space</c>.</summary>
    public static string StateName(RequestState state) =>
        state == RequestState.Unspecified ? "unknown" : JsonNamingPolicy.KebabCaseLower.ConvertName(state.ToString());

    /// <summary>A request source's name: <c>mailbox</c> or <c>admin</c>.</summary>
    public static string SourceName(RequestSource source) =>
        source == RequestSource.Unspecified ? "unknown" : JsonNamingPolicy.KebabCaseLower.ConvertName(source.ToString());

    /// <summary>The known states, in life-cycle order, by name.</summary>
    public static IReadOnlyList<RequestState> KnownStates { get; } =
        [.. System.Enum.GetValues<RequestState>().Where(s => s != RequestState.Unspecified)];

    /// <summary>Parses a state name (<c>waiting-for-space</c> or <c>waiting_for_space</c>, any case).</summary>
    public static bool TryParseState(string text, out RequestState state)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = text.Trim().Replace('_', '-').ToLowerInvariant();
        foreach (var known in KnownStates)
        {
            if (StateName(known) == normalized)
            {
                state = known;
                return true;
            }
        }

        state = RequestState.Unspecified;
        return false;
    }

    /// <summary>A timestamp as a UTC <see cref="DateTimeOffset"/>, or null when absent.</summary>
    public static DateTimeOffset? ToDateTimeOffset(Timestamp? timestamp) => timestamp?.ToDateTimeOffset();

    /// <summary>A time for tables: <c>2025-11-24 14:30:12Z</c>; empty when absent.</summary>
    public static string Time(DateTimeOffset? value) =>
        value is { } v ? v.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : string.Empty;

    /// <summary>A duration in seconds, or null when absent.</summary>
    public static double? Seconds(Duration? duration) => duration?.ToTimeSpan().TotalSeconds;

    /// <summary>A duration for tables: <c>850ms</c>, <c>1.2s</c>, <c>10m</c>, <c>2h</c>; empty when absent.</summary>
    public static string Span(TimeSpan? value)
    {
        if (value is not { } v)
        {
            return string.Empty;
        }

        return v.TotalMilliseconds switch
        {
            < 1 => v.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + "ms",
            < 1000 => v.TotalMilliseconds.ToString("0.#", CultureInfo.InvariantCulture) + "ms",
            < 60_000 => v.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s",
            < 3_600_000 => v.TotalMinutes.ToString("0.###", CultureInfo.InvariantCulture) + "m",
            _ => v.TotalHours.ToString("0.###", CultureInfo.InvariantCulture) + "h",
        };
    }

    /// <summary>Bytes as whole MiB for tables (LVM sizes are whole extents); empty when absent.</summary>
    public static string MibOf(long? bytes) =>
        bytes is { } b ? (b / Mib).ToString(CultureInfo.InvariantCulture) : string.Empty;

    /// <summary>A number for tables; empty when absent.</summary>
    public static string Number(long? value) =>
        value is { } v ? v.ToString(CultureInfo.InvariantCulture) : string.Empty;

    /// <summary>A fractional number for tables: up to 3 decimals.</summary>
    public static string Decimal(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Null for an empty string (absent optional text in JSON).</summary>
    public static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>
    /// Parses a duration: a number with a unit (<c>250ms</c>, <c>1.5s</c>, <c>10m</c>, <c>2h</c>) or a .NET
    /// time span (<c>00:00:01</c>).
    /// </summary>
    public static bool TryParseSpan(string text, out TimeSpan value)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        (string Suffix, double Scale)[] units = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)];
        foreach (var (suffix, scale) in units)
        {
            if (t.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(t[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                && double.IsFinite(number) && number >= 0 && number * scale < TimeSpan.MaxValue.TotalMilliseconds)
            {
                value = TimeSpan.FromMilliseconds(number * scale);
                return true;
            }
        }

        return TimeSpan.TryParse(t, CultureInfo.InvariantCulture, out value);
    }
}
