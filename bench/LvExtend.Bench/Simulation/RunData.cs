using LvExtend.Bench.Coordinator;
using LvExtend.Bench.Lvm;
using LvExtend.Bench.Measurement;

namespace LvExtend.Bench.Simulation;

/// <summary>Everything one run (one timing profile) collected, before analysis.</summary>
internal sealed record RunData(
    TimingProfile Profile,
    double RateMibps,
    RawLvextendResult Raw,
    IReadOnlyList<ExtensionSample> Samples,
    IReadOnlyList<AuditRow> Audit,
    TimeSpan SteadyElapsed,
    TimeSpan BurstStart,
    MeasuredWindow Coordinator,
    MeasuredWindow Bench,
    IReadOnlyList<string> CoordinatorProblems,
    string CoordinatorLog,
    string LoadAverageAfter);
