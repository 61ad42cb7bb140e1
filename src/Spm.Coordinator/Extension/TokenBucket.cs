namespace Spm.Coordinator.Extension;

/// <summary>A token bucket on a <see cref="TimeProvider"/> clock; not thread-safe (the caller locks).</summary>
internal sealed class TokenBucket
{
    private readonly TimeProvider _timeProvider;
    private double _tokens;
    private long _lastRefill;

    public TokenBucket(double capacity, TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        _tokens = capacity;
        _lastRefill = timeProvider.GetTimestamp();
    }

    /// <summary>Tokens available after refilling at <paramref name="perSecond"/> up to <paramref name="capacity"/>.</summary>
    public double Available(double capacity, double perSecond)
    {
        var now = _timeProvider.GetTimestamp();
        var elapsed = _timeProvider.GetElapsedTime(_lastRefill, now).TotalSeconds;
        _lastRefill = now;
        _tokens = Math.Min(capacity, _tokens + (elapsed * perSecond));
        return _tokens;
    }

    /// <summary>Takes <paramref name="count"/> tokens when available.</summary>
    public bool TryTake(double count, double capacity, double perSecond)
    {
        if (Available(capacity, perSecond) < count)
        {
            return false;
        }

        _tokens -= count;
        return true;
    }

    /// <summary>Takes tokens unconditionally (may go negative: a debt repaid by the refill).</summary>
    public void Take(double count) => _tokens -= count;
}
