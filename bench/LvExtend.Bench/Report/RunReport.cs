using LvExtend.Bench.Lvm;
using LvExtend.Bench.Measurement;

namespace LvExtend.Bench.Report;

/// <summary>The analysed figures of one run (one timing profile).</summary>
internal sealed record RunReport
{
    public required string Name { get; init; }

    /// <summary>The round of the latency phase (1-based).</summary>
    public int Round { get; init; } = 1;

    public required string Timings { get; init; }

    public required double RateMibps { get; init; }

    /// <summary>Limit / rate: how long a volume may wait for its extension before it pauses.</summary>
    public required double HeadroomSeconds { get; init; }

    public required RawLvextendResult Raw { get; init; }

    public required double SteadySeconds { get; init; }

    public required int SteadyExtended { get; init; }

    public required int SteadyNotExtended { get; init; }

    /// <summary>Steady extensions with no matching audit row (no per-phase breakdown for them).</summary>
    public required int Unmatched { get; init; }

    /// <summary>Extended per second of the steady phase (the offered load, when it is served).</summary>
    public required double SteadyExtensionsPerSecond { get; init; }

    /// <summary>Per-phase distributions (ms) of the steady extensions, in pipeline order.</summary>
    public required IReadOnlyList<PhaseRow> Phases { get; init; }

    /// <summary>
    /// The five steady extensions with the largest overhead without the queue wait, part by part (what a p99 is made
    /// of; empty when no extension has an audit row).
    /// </summary>
    public IReadOnlyList<Breakdown> Slowest { get; init; } = [];

    public required int Pauses { get; init; }

    /// <summary>For a few headrooms: the share of steady extensions slower end to end (they would have paused).</summary>
    public required IReadOnlyList<PauseSensitivity> WouldPause { get; init; }

    public required int PausedVolumes { get; init; }

    public required double PausedSecondsTotal { get; init; }

    public required double PauseMaxMs { get; init; }

    public required BurstReport? Burst { get; init; }

    public required double CoordinatorCpuSeconds { get; init; }

    public required double CoordinatorChildrenCpuSeconds { get; init; }

    /// <summary>The coordinator's own CPU as a percentage of one core over the measured window.</summary>
    public required double CoordinatorCpuPercent { get; init; }

    public required double CoordinatorPeakRssMib { get; init; }

    public required double SimulationCpuSeconds { get; init; }

    public required double SimulationChildrenCpuSeconds { get; init; }

    public required double WindowSeconds { get; init; }

    public required IReadOnlyDictionary<string, int> AuditStates { get; init; }

    public required IReadOnlyList<string> CoordinatorProblems { get; init; }

    public required string LoadAverageAfter { get; init; }

    public required IReadOnlyList<TargetResult> Targets { get; init; }

    /// <summary>The distribution named <paramref name="key"/>.</summary>
    public Distribution Phase(string key) => Phases.FirstOrDefault(p => p.Key == key)?.Milliseconds ?? Distribution.Empty;
}
