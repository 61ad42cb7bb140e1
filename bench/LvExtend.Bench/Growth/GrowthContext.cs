using System.Diagnostics;
using Hsm.Agent.Options;
using LvExtend.Bench.Simulation;

namespace LvExtend.Bench.Growth;

/// <summary>What the volumes of the growth phase share: the policies' settings, the clock, the refresher.</summary>
internal sealed class GrowthContext(
    BenchSettings settings, AdaptiveGrowthOptions adaptive, Guid domainId, VolumeRefresher refresher, TimeProvider timeProvider)
{
    private readonly long _start = Stopwatch.GetTimestamp();

    public BenchSettings Settings { get; } = settings;

    /// <summary>The adaptive policy's options (the agent's defaults).</summary>
    public AdaptiveGrowthOptions Adaptive { get; } = adaptive;

    public Guid DomainId { get; } = domainId;

    public VolumeRefresher Refresher { get; } = refresher;

    /// <summary>The clock of the adaptive policy's meters and trackers.</summary>
    public TimeProvider TimeProvider { get; } = timeProvider;

    /// <summary>The fixed policy's free space kept above the watermark: (100 - utilization)% of the fixed chunk, MiB.</summary>
    public double FixedLimitMib => (100 - Settings.GrowthFixedUtilizationPercent) * Settings.GrowthFixedChunkMib / 100.0;

    /// <summary>Time since the phase started (monotonic).</summary>
    public TimeSpan Now => Stopwatch.GetElapsedTime(_start);
}
