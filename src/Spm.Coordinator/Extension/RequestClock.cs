namespace Spm.Coordinator.Extension;

/// <summary>The phases of one request: detect (mailbox detection to dequeue), then the rest on a monotonic clock.</summary>
internal sealed class RequestClock
{
    private readonly TimeProvider _timeProvider;
    private readonly long _dequeued;

    public RequestClock(TimeProvider timeProvider, DateTimeOffset detectedAt)
    {
        _timeProvider = timeProvider;
        _dequeued = timeProvider.GetTimestamp();
        DetectedAt = detectedAt;
        Detect = TimeSpan.FromTicks(Math.Max(0, (timeProvider.GetUtcNow() - detectedAt).Ticks));
    }

    public DateTimeOffset DetectedAt { get; }

    public TimeSpan Detect { get; }

    public TimeSpan Validate { get; set; }

    public TimeSpan Lvextend { get; set; }

    public TimeSpan Record { get; set; }

    public TimeSpan Reply { get; set; }

    public TimeSpan Wait { get; set; }

    /// <summary>Detection to the reply (null until answered).</summary>
    public TimeSpan? AnsweredAfter { get; private set; }

    /// <summary>The reply was written: the request's total ends here (what follows is bookkeeping).</summary>
    public void MarkAnswered() => AnsweredAfter = Total;

    /// <summary>Detection to now.</summary>
    public TimeSpan Total => Detect + _timeProvider.GetElapsedTime(_dequeued);

    public long Now() => _timeProvider.GetTimestamp();

    public TimeSpan Since(long start) => _timeProvider.GetElapsedTime(start);
}
