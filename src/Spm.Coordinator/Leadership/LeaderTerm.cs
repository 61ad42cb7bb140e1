using Spm.Coordinator.Store;

namespace Spm.Coordinator.Leadership;

/// <summary>
/// One period of leadership with one epoch. It is valid until a local monotonic deadline: the moment the
/// last successful renewal was <em>sent</em>, plus the TTL, minus the safety margin. The database expires
/// the lease no earlier than TTL after it executed that renewal, which is after it was sent, so the
/// deadline passes before any other coordinator can take the lease (see docs/coordinator.md).
/// <see cref="Stopping"/> is cancelled at the deadline, on loss, or on step-down, and never un-cancelled.
/// </summary>
internal sealed class LeaderTerm : IDisposable
{
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _validity;
    private readonly CancellationTokenSource _stopping;
    private readonly CancellationToken _stoppingToken;
    private readonly Lock _gate = new();
    private long _deadline;
    private TermEndReason? _endReason;
    private string? _endDetail;

    /// <summary>Starts a term from an acquisition that was sent at <paramref name="sentTimestamp"/>.</summary>
    public LeaderTerm(LeaseFence fence, long sentTimestamp, TimeSpan ttl, TimeSpan safetyMargin, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(fence);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Fence = fence;
        _timeProvider = timeProvider;
        _validity = ttl - safetyMargin;
        if (_validity <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(safetyMargin), "The safety margin must be shorter than the TTL.");
        }

        _deadline = sentTimestamp + ToTicks(_validity);
        _stopping = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        _stoppingToken = _stopping.Token;
        _stopping.CancelAfter(ClampDelay(Remaining));
    }

    /// <summary>The fence every metadata write of this term carries.</summary>
    public LeaseFence Fence { get; }

    /// <summary>The epoch.</summary>
    public long Epoch => Fence.Epoch;

    /// <summary>Cancelled when the term ends, for whatever reason.</summary>
    public CancellationToken Stopping => _stoppingToken;

    /// <summary>Why the term ended (null while it runs): the value decisions are made on.</summary>
    public TermEndReason? EndReason
    {
        get
        {
            lock (_gate)
            {
                return _endReason ?? (_stopping.IsCancellationRequested ? TermEndReason.DeadlinePassed : null);
            }
        }
    }

    /// <summary>The operator-facing detail of the end (for logs and status only; never decided on).</summary>
    public string? EndDetail
    {
        get
        {
            lock (_gate)
            {
                return _endDetail ?? (EndReasonUnlocked() is { } reason ? TermEndReasons.Describe(reason) : null);
            }
        }
    }

    /// <summary>Time left before the local deadline (zero or negative once passed).</summary>
    public TimeSpan Remaining
    {
        get
        {
            long deadline;
            lock (_gate)
            {
                deadline = _deadline;
            }

            var now = _timeProvider.GetTimestamp();
            return now >= deadline ? TimeSpan.Zero : _timeProvider.GetElapsedTime(now, deadline);
        }
    }

    /// <summary>Whether this term may still mutate: not ended and the deadline not passed (checked on the clock).</summary>
    public bool IsValid => !_stopping.IsCancellationRequested && Remaining > TimeSpan.Zero;

    /// <summary>
    /// Whether the term still runs and its local lease deadline is more than <paramref name="margin"/> away,
    /// read from the monotonic clock now. Cheap (no I/O): a gate before a write that only the leader may make,
    /// e.g. zeroing the outbox at term start.
    /// </summary>
    public bool HasLeaseFor(TimeSpan margin)
    {
        if (_stopping.IsCancellationRequested)
        {
            return false;
        }

        var remaining = Remaining;
        return remaining > margin && remaining > TimeSpan.Zero;
    }

    /// <summary>
    /// True when at least <paramref name="minimum"/> is left; <paramref name="remaining"/> is the time left.
    /// Callers run a mutation only when this is true, with a timeout below <paramref name="remaining"/>.
    /// </summary>
    public bool TryGetBudget(TimeSpan minimum, out TimeSpan remaining)
    {
        remaining = _stopping.IsCancellationRequested ? TimeSpan.Zero : Remaining;
        return remaining > minimum && remaining > TimeSpan.Zero;
    }

    /// <summary>Moves the deadline after a successful renewal that was sent at <paramref name="sentTimestamp"/>.</summary>
    /// <returns>False when the term had already ended (a late renewal revives nothing).</returns>
    public bool Extend(long sentTimestamp)
    {
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested || _endReason is not null)
            {
                return false;
            }

            var now = _timeProvider.GetTimestamp();
            if (now >= _deadline)
            {
                return false;
            }

            var candidate = sentTimestamp + ToTicks(_validity);
            if (candidate > _deadline)
            {
                _deadline = candidate;
            }

            _stopping.CancelAfter(ClampDelay(_timeProvider.GetElapsedTime(now, _deadline)));
            return true;
        }
    }

    /// <summary>Ends the term now; the first reason wins.</summary>
    public void End(TermEndReason reason, string detail)
    {
        lock (_gate)
        {
            if (_endReason is null)
            {
                _endReason = _stopping.IsCancellationRequested ? TermEndReason.DeadlinePassed : reason;
                _endDetail = _stopping.IsCancellationRequested ? TermEndReasons.Describe(TermEndReason.DeadlinePassed) : detail;
            }
        }

        try
        {
            _stopping.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already disposed: already ended.
        }
    }

    /// <summary>Ends the term (if it still runs) and frees its timer; <see cref="Stopping"/> stays usable (cancelled).</summary>
    public void Dispose()
    {
        End(TermEndReason.Shutdown, "disposed");
        _stopping.Dispose();
    }

    private TermEndReason? EndReasonUnlocked() =>
        _endReason ?? (_stopping.IsCancellationRequested ? TermEndReason.DeadlinePassed : null);

    private long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * _timeProvider.TimestampFrequency);

    private static TimeSpan ClampDelay(TimeSpan delay) => delay <= TimeSpan.Zero ? TimeSpan.FromTicks(1) : delay;
}
