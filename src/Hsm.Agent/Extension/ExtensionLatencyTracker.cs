using Hsm.Agent.Options;

namespace Hsm.Agent.Extension;

/// <summary>
/// The extension latency the adaptive policy plans for, from the durations of completed extensions (threshold
/// crossed to the new size usable), shared by the drives of the agent (one pool: one coordinator, one VG, one
/// machine), the newest <see cref="AdaptiveGrowthOptions.LatencySamples"/> within
/// <see cref="AdaptiveGrowthOptions.LatencyWindow"/>:
/// <list type="bullet">
/// <item>none measured: <see cref="AdaptiveGrowthOptions.InitialExtensionLatency"/> (the prior);</item>
/// <item>n below <see cref="AdaptiveGrowthOptions.MinLatencySamples"/> (N): the longest seen times a factor that
/// decays linearly from <see cref="AdaptiveGrowthOptions.BootstrapLatencyFactor"/> (F) to 1:
/// <c>max x (1 + (F - 1) x (N - n) / N)</c>. The prior is dropped at the first measurement, whichever way it
/// was wrong; a few fast extensions are not trusted at once;</item>
/// <item>n at least N: the p99, nearest rank (with up to 100 samples that is the longest, so the estimate is
/// continuous at n = N).</item>
/// </list>
/// Thread-safe.
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

    /// <summary>The extension latency to plan for: the prior, the bootstrap estimate or the recent p99 (see the type).</summary>
    public TimeSpan P99(AdaptiveGrowthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        lock (_lock)
        {
            TrimLocked(options);
            var n = _samples.Count;
            if (n == 0)
            {
                return options.InitialExtensionLatency;
            }

            var sorted = _samples.Select(s => s.Duration).Order().ToArray();
            if (n < options.MinLatencySamples)
            {
                var factor = 1 + ((Math.Max(1, options.BootstrapLatencyFactor) - 1) * (options.MinLatencySamples - n) / options.MinLatencySamples);
                return sorted[^1] * factor;
            }

            var rank = (int)Math.Ceiling(0.99 * n);
            return sorted[Math.Clamp(rank - 1, 0, n - 1)];
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
