namespace LvExtend.Bench.Report;

/// <summary>The whole benchmark: where it ran, what it simulated, each run's figures.</summary>
internal sealed record BenchReport(
    DateTimeOffset StartedAt,
    double DurationSeconds,
    MachineInfo Machine,
    BenchSummary Setup,
    IReadOnlyList<RunReport> Runs);
