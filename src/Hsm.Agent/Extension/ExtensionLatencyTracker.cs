using Hsm.Agent.Options;

namespace Hsm.Agent.Extension;

/// <summary>
/// The recent p99 of extension durations (threshold crossed to the new size usable), shared by the drives of
/// the agent: the newest <see cref="AdaptiveGrowthOptions.LatencySamples"/> within
/// <see cref="AdaptiveGrowthOptions.LatencyWindow"/>, nearest rank. Until
/// <see cref="AdaptiveGrowthOptions.MinLatencySamples"/> are known, the p99 is at least
/// <see cref="AdaptiveGrowthOptions.InitialExtensionLatency"/>. Thread-safe.
/// </summary>
internal sealed class ExtensionLatencyTracker(TimeProvider timeProvider)
{
    private readonly Lock _lock = new();
    private readonly Queue<(long Timestamp, TimeSpan Duration)> _samples = new();

    /// <summary>Durations currently kept (after the last <see cref="Record"/> or <see cref="P99"/>).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _samples.Count;
            }
        }
    }

    /// <summary>Records one completed extension's duration (negative durations count as zero).</summary>
    public void Record(TimeSpan duration, AdaptiveGrowthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        lock (_lock)
        {
            _samples.Enqueue((timeProvider.GetTimestamp(), duration < TimeSpan.Zero ? TimeSpan.Zero : duration));
            TrimLocked(options);
        }
    }

    /// <summary>The p99 of the recent durations, at least the initial latency while too few are known.</summary>
    public TimeSpan P99(AdaptiveGrowthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        lock (_lock)
        {
            TrimLocked(options);
            if (_samples.Count == 0)
            {
                return options.InitialExtensionLatency;
            }

            var sorted = _samples.Select(s => s.Duration).Order().ToArray();
            var rank = (int)Math.Ceiling(0.99 * sorted.Length);
            var p99 = sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
            return sorted.Length < options.MinLatencySamples && p99 < options.InitialExtensionLatency ? options.InitialExtensionLatency : p99;
        }
    }

    private void TrimLocked(AdaptiveGrowthOptions options)
    {
        var now = timeProvider.GetTimestamp();
        while (_samples.Count > 0
            && (_samples.Count > options.LatencySamples || timeProvider.GetElapsedTime(_samples.Peek().Timestamp, now) > options.LatencyWindow))
        {
            _samples.Dequeue();
        }
    }
}
