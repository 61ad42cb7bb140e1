namespace LvExtend.Bench.Report;

/// <summary>One target checked against one run.</summary>
/// <param name="Name">The target, e.g. "overhead p50 &lt;= 10 ms".</param>
/// <param name="Measured">The measured figure, formatted.</param>
/// <param name="Met">Whether it was met.</param>
/// <param name="Reason">Where the time went (always given: why it was met or not).</param>
internal sealed record TargetResult(string Name, string Measured, bool Met, string Reason);
