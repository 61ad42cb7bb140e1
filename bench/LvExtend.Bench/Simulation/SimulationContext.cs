using System.Collections.Concurrent;
using System.Diagnostics;

namespace LvExtend.Bench.Simulation;

/// <summary>What every simulated volume of one run shares: the policy, the clock, the refresher, the samples.</summary>
internal sealed class SimulationContext(BenchSettings settings, double rateMibps, Guid domainId, VolumeRefresher refresher)
{
    private readonly long _start = Stopwatch.GetTimestamp();

    public BenchSettings Settings { get; } = settings;

    /// <summary>Watermark growth of every volume, MiB/s.</summary>
    public double RateMibps { get; } = rateMibps;

    /// <summary>The storage domain UUID in every request.</summary>
    public Guid DomainId { get; } = domainId;

    public VolumeRefresher Refresher { get; } = refresher;

    /// <summary>Every extension seen so far.</summary>
    public ConcurrentQueue<ExtensionSample> Samples { get; } = new();

    /// <summary>Time since the run started (monotonic).</summary>
    public TimeSpan Now => Stopwatch.GetElapsedTime(_start);
}
