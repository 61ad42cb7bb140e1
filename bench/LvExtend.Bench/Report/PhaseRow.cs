using LvExtend.Bench.Measurement;

namespace LvExtend.Bench.Report;

/// <summary>One line of the latency breakdown.</summary>
/// <param name="Key">Stable name (JSON).</param>
/// <param name="Label">What it measures, for the table.</param>
/// <param name="Milliseconds">Its distribution.</param>
internal sealed record PhaseRow(string Key, string Label, Distribution Milliseconds);
