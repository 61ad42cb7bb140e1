namespace LvExtend.TestSupport;

/// <summary>The guest's final "LVX-RESULT ok written_mib=N" or "LVX-RESULT fail REASON" line, parsed.</summary>
public sealed record GuestResult(bool Ok, int WrittenMib, string? FailureReason, string Line)
{
    /// <summary>Parses an LVX-RESULT line; returns null for any other line.</summary>
    public static GuestResult? TryParse(string line)
    {
        var at = line.IndexOf("LVX-RESULT ", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var rest = line[(at + "LVX-RESULT ".Length)..].Trim();
        if (rest.StartsWith("ok written_mib=", StringComparison.Ordinal)
            && int.TryParse(rest["ok written_mib=".Length..], System.Globalization.CultureInfo.InvariantCulture, out var mib))
        {
            return new GuestResult(true, mib, null, line);
        }

        var reason = rest.StartsWith("fail", StringComparison.Ordinal) ? rest["fail".Length..].Trim() : rest;
        return new GuestResult(false, 0, reason, line);
    }
}
