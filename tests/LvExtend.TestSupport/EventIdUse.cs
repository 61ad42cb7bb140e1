namespace LvExtend.TestSupport;

/// <summary>One <c>[LoggerMessage]</c> found in an assembly.</summary>
/// <param name="Method">The declaring type and method, for messages.</param>
/// <param name="EventId">The explicit event id, or null when the attribute sets none.</param>
public sealed record EventIdUse(string Method, int? EventId)
{
    /// <inheritdoc />
    public override string ToString() => $"{Method} (EventId {EventId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"})";
}
