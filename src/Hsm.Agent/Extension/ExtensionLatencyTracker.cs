using Hsm.Agent.Options;

namespace Hsm.Agent.Extension;

/// <summary>
/// The extension latency the adaptive policy plans for, from the durations of completed extensions (threshold
/// crossed to the new size usable), shared by the drives of the agent (one pool: one coordinator, one VG, one
/// machine), the newest <see cref="AdaptiveGrowthOptions.LatencySamples"/> within
/// <see cref="AdaptiveGrowthOptions.LatencyWindow"/>, and the newest <see cref="AdaptiveGrowthOptions.MinLatencySamples"/>
/// whatever their age (a pool with a single busy drive sees few extensions within the window):
/// <list type="bullet">
/// <item>none measured: <see cref="AdaptiveGrowthOptions.InitialExtensionLatency"/> (the prior);</item>
/// <item>n below <see cref="AdaptiveGrowthOptions.MinLatencySamples"/> (N): the longest seen times a factor that
/// decays linearly from <see cref="AdaptiveGrowthOptions.BootstrapLatencyFactor"/> (F) to 1:
/// <c>max x (1 + (F - 1) x (N - n) / N)</c>. The prior is dropped at the first measurement, whichever way it
/// was wrong; a few fast extensions are not trusted at once;</item>
/// <item>n at least N: the p99, nearest rank (with up to 100 samples that is the longest, so the estimate is
/// continuous at n = N).</item>
/// </list>
/// <see cref="Estimate"/>, what the sizing uses, is that or, when longer, the time the oldest extension still in
/// flight on this agent (<see cref="Begin"/> .. <see cref="End"/>) has run so far: the drives share one coordinator,
/// one lvextend queue and one machine, so an extension taking longer than planned shows a slowdown while it lasts,
/// before any completes (the other drives re-arm earlier at their next check, and the next chunks are larger).
/// Thread-safe.
/// </summary>
internal sealed class ExtensionLatencyTracker(TimeProvider timeProvider)
{
    private readonly Lock _lock = new();
    private readonly Queue<(long Timestamp, TimeSpan Duration)> _samples = new();
    private readonly Dictionary<long, DateTimeOffset> _inFlight = [];
    private long _nextId;

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

    /// <summary>Extensions begun and not yet ended.</summary>
    public int InFlight
    {
        get
        {
            lock (_lock)
            {
                return _inFlight.Count;
            }
        }
    }

    /// <summary>
    /// An extension of a drive of this agent started at <paramref name="startedAt"/> (its threshold crossed): until
    /// <see cref="End"/> with the id returned, <see cref="Estimate"/> is at least the time since.
    /// </summary>
    public long Begin(DateTimeOffset startedAt)
    {
        lock (_lock)
        {
            var id = ++_nextId;
            _inFlight[id] = startedAt;
            return id;
        }
    }

    /// <summary>The extension <paramref name="id"/> (from <see cref="Begin"/>) completed or was given up; ending it twice is harmless.</summary>
    public void End(long id)
    {
        lock (_lock)
        {
            _inFlight.Remove(id);
        }
    }

    /// <summary>How long the oldest extension in flight has run so far; zero when none is.</summary>
    public TimeSpan LongestInFlight()
    {
        lock (_lock)
        {
            if (_inFlight.Count == 0)
            {
                return TimeSpan.Zero;
            }

            var elapsed = timeProvider.GetUtcNow() - _inFlight.Values.Min();
            return elapsed > TimeSpan.Zero ? elapsed : TimeSpan.Zero;
        }
    }

    /// <summary>
    /// The extension latency the sizing plans for: <see cref="P99"/>, or the time the oldest extension in flight has
    /// run so far when that is longer.
    /// </summary>
    public TimeSpan Estimate(AdaptiveGrowthOptions options)
    {
        var p99 = P99(options);
        var inFlight = LongestInFlight();
        return inFlight > p99 ? inFlight : p99;
    }

    /// <summary>The extension latency to plan for from the completed extensions: the prior, the bootstrap estimate or the recent p99 (see the type).</summary>
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
        // Older than the window: dropped, but the newest MinLatencySamples stay, so that a pool with few extensions
        // (one busy drive) plans from its last few, not from the start-up estimate.
        while (_samples.Count > 0
            && (_samples.Count > options.LatencySamples
                || (_samples.Count > options.MinLatencySamples && timeProvider.GetElapsedTime(_samples.Peek().Timestamp, now) > options.LatencyWindow)))
        {
            _samples.Dequeue();
        }
    }
}
