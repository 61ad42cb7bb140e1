namespace LvExtend.Bench.Report;

/// <summary>
/// A writer at a constant rate pauses exactly when its extension takes longer end to end than its headroom
/// (limit / rate): the share of measured extensions slower than <paramref name="HeadroomSeconds"/>.
/// </summary>
internal sealed record PauseSensitivity(double HeadroomSeconds, double Share);
