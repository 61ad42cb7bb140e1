using Hsm.Agent.Options;

namespace Hsm.Agent.Extension;

/// <summary>
/// One drive's write rate, from successive samples of its allocation (the protocol node's write watermark, from
/// query-blockstats or a threshold event), in bytes per second. Not thread-safe: one per drive, used under the
/// drive's lock.
/// <list type="bullet">
/// <item>A rise counts only when two successive intervals show it (the smaller of the two is taken, at once): a
/// single jump of the allocation (a write far ahead, a sparse image) does not inflate the next chunks, while a real
/// writer is followed within two samples.</item>
/// <item>A fall decays exponentially with <see cref="AdaptiveGrowthOptions.RateDecayTime"/>, weighted by the
/// interval's length, so irregular sampling and long idle periods (one sample after minutes) are handled alike:
/// an idle drive's estimate goes to zero.</item>
/// <item>Samples closer than <see cref="AdaptiveGrowthOptions.MinSampleInterval"/> are merged; an interval faster
/// than <see cref="AdaptiveGrowthOptions.MaxRateMibps"/> counts as that; an allocation that went down (the drive
/// was re-attached, a new image) starts over from the new value, keeping the estimate.</item>
/// </list>
/// </summary>
internal sealed class WriteRateMeter(TimeProvider timeProvider)
{
    private const double Mib = 1 << 20;
    private bool _hasBase;
    private long _baseTimestamp;
    private long _baseAllocation;
    private double _previousIntervalRate;
    private double _estimate;

    /// <summary>The estimated write rate, bytes per second (0 until two intervals were measured).</summary>
    public double BytesPerSecond => _estimate;

    /// <summary>Intervals measured so far.</summary>
    public int Intervals { get; private set; }

    /// <summary>The last allocation observed.</summary>
    public long LastAllocation { get; private set; }

    /// <summary>Takes a sample of the allocation (bytes) now.</summary>
    public void Observe(long allocationBytes, AdaptiveGrowthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(allocationBytes);
        var now = timeProvider.GetTimestamp();
        LastAllocation = allocationBytes;
        if (!_hasBase || allocationBytes < _baseAllocation)
        {
            // First sample, or the allocation went down: a new base, no interval.
            _hasBase = true;
            _baseTimestamp = now;
            _baseAllocation = allocationBytes;
            _previousIntervalRate = 0;
            return;
        }

        var elapsed = timeProvider.GetElapsedTime(_baseTimestamp, now);
        if (elapsed <= TimeSpan.Zero || elapsed < options.MinSampleInterval)
        {
            return;
        }

        var seconds = elapsed.TotalSeconds;
        var rate = Math.Min((allocationBytes - _baseAllocation) / seconds, options.MaxRateMibps * Mib);
        var confirmed = Math.Min(rate, _previousIntervalRate);
        if (confirmed > _estimate)
        {
            _estimate = confirmed;
        }
        else if (rate < _estimate)
        {
            var alpha = 1 - Math.Exp(-seconds / options.RateDecayTime.TotalSeconds);
            _estimate += alpha * (rate - _estimate);
        }

        _previousIntervalRate = rate;
        _baseTimestamp = now;
        _baseAllocation = allocationBytes;
        Intervals++;
    }
}
