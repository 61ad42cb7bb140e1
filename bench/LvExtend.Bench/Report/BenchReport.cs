using LvExtend.Bench.Coordinator;
using LvExtend.Bench.Failover;
using LvExtend.Bench.Growth;
using LvExtend.Bench.Idle;

namespace LvExtend.Bench.Report;

/// <summary>The whole benchmark: where it ran, which coordinator build, what it simulated, each phase's figures (null: the phase did not run).</summary>
internal sealed record BenchReport(
    DateTimeOffset StartedAt,
    double DurationSeconds,
    MachineInfo Machine,
    CoordinatorBuild Coordinator,
    BenchSummary Setup,
    string Phases,
    IReadOnlyList<RunReport> Runs,
    RoundsReport? Rounds,
    GrowthReport? Growth,
    IdleReport? Idle,
    FailoverReport? Failover);
