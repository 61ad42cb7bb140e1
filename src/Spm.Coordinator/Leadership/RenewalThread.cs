namespace Spm.Coordinator.Leadership;

/// <summary>
/// Runs one term's lease renewals on a dedicated thread: it sleeps until the next tick, calls the (synchronous)
/// renewal, and repeats until the renewal says stop or the token is cancelled. An idle leader thus costs one wake-up
/// of this thread per renewal plus the database reply, instead of the runtime's timer thread and thread-pool
/// workers woken for the timer, the attempt's timeout and the socket completions (docs/benchmarks.md, Idle phase).
/// Ticks are every <c>period</c> from the start; a renewal that overran a tick is followed by the next one at once
/// (no burst of catch-up renewals), as with a <see cref="PeriodicTimer"/>. With <see cref="TimeProvider.System"/>
/// the thread sleeps on its own event with a timeout; with any other provider (tests use a fake one) it waits for a
/// timer of that provider, so fake time drives it.
/// </summary>
internal sealed class RenewalThread
{
    private readonly Func<bool> _renew;
    private readonly TimeSpan _period;
    private readonly TimeProvider _timeProvider;
    private readonly bool _systemClock;
    private readonly CancellationToken _cancellationToken;
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RenewalThread(Func<bool> renew, TimeSpan period, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        _renew = renew;
        _period = period;
        _timeProvider = timeProvider;
        _systemClock = ReferenceEquals(timeProvider, TimeProvider.System);
        _cancellationToken = cancellationToken;
    }

    /// <summary>
    /// Starts the thread (named <paramref name="threadName"/>): every <paramref name="period"/> it calls
    /// <paramref name="renew"/> until that returns false or <paramref name="cancellationToken"/> is cancelled. The
    /// task completes when the thread has ended (faulted if <paramref name="renew"/> threw).
    /// </summary>
    public static Task Start(string threadName, TimeSpan period, TimeProvider timeProvider, Func<bool> renew, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(renew);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        var renewal = new RenewalThread(renew, period, timeProvider, cancellationToken);
        new Thread(renewal.Run) { IsBackground = true, Name = threadName }.Start();
        return renewal._done.Task;
    }

    private void Run()
    {
        // The sleep; no spinning before it blocks (a spin at every tick would cost more than the renewal).
        using var wake = new ManualResetEventSlim(false, spinCount: 0);
        try
        {
            using (_cancellationToken.UnsafeRegister(static state => ((ManualResetEventSlim)state!).Set(), wake))
            {
                Loop(wake);
            }

            _done.TrySetResult();
        }
        catch (Exception ex)
        {
            _done.TrySetException(ex);
        }
    }

    private void Loop(ManualResetEventSlim wake)
    {
        var step = (long)(_period.TotalSeconds * _timeProvider.TimestampFrequency);
        var next = _timeProvider.GetTimestamp() + step;
        while (SleepUntil(next, wake) && _renew())
        {
            var now = _timeProvider.GetTimestamp();
            next += step;
            if (next <= now)
            {
                next = now; // the renewal overran a tick: the next one at once, then on the period again
            }
        }
    }

    /// <summary>Sleeps until the timestamp <paramref name="until"/>; false when cancelled first.</summary>
    private bool SleepUntil(long until, ManualResetEventSlim wake)
    {
        while (!_cancellationToken.IsCancellationRequested)
        {
            var remaining = _timeProvider.GetElapsedTime(_timeProvider.GetTimestamp(), until);
            if (remaining <= TimeSpan.Zero)
            {
                return true;
            }

            if (_systemClock)
            {
                wake.Wait((int)Math.Ceiling(remaining.TotalMilliseconds), CancellationToken.None); // cancellation sets the event
            }
            else
            {
                using var timer = _timeProvider.CreateTimer(static state => ((ManualResetEventSlim)state!).Set(), wake, remaining, Timeout.InfiniteTimeSpan);
                wake.Wait(CancellationToken.None);
            }

            if (!_cancellationToken.IsCancellationRequested)
            {
                wake.Reset();
            }
        }

        return false;
    }
}
