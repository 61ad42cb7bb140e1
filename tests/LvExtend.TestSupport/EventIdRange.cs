namespace LvExtend.TestSupport;

/// <summary>One range of an assembly's event-id table (the <c>*EventIds.Ranges</c> field).</summary>
/// <param name="Assembly">The assembly that owns the range.</param>
/// <param name="Area">The area the range is for.</param>
/// <param name="First">The first id, included.</param>
/// <param name="Last">The last id, included.</param>
public sealed record EventIdRange(string Assembly, string Area, int First, int Last)
{
    /// <summary>Whether <paramref name="id"/> lies in the range.</summary>
    public bool Contains(int id) => id >= First && id <= Last;

    /// <summary>Whether the two ranges share an id.</summary>
    public bool Overlaps(EventIdRange other) => First <= other.Last && other.First <= Last;

    /// <inheritdoc />
    public override string ToString() => $"{Assembly}:{Area} {First}-{Last}";
}
