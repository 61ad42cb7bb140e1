namespace Shared.Mailbox.Internal;

/// <summary>
/// Polls the doorbell on one dedicated thread, so that an idle manager costs one thread wake-up and one 4 KiB read
/// per tick and nothing else. <see cref="WaitAsync"/> hands it one wait: every <c>period</c> it calls the ring check
/// (the synchronous doorbell read) and then the idle-scan check (the manager's: when due, one read of the whole inbox
/// compared with the last one), and completes with the first that says yes (or with the check's exception, or
/// cancelled). Processing stays on the caller's async loop: a thread-pool hop only when there is work.
/// <para>
/// Why not a <see cref="PeriodicTimer"/>: each tick of a timer wakes the runtime's timer thread and a thread-pool
/// worker, whose spinning made a 20 ms tick cost about 0.65 ms of CPU on the 2-core test machine (3.2 % of a core)
/// against 0.17 ms (0.9 %) here (docs/benchmarks.md, Idle phase). With <see cref="TimeProvider.System"/> the thread
/// sleeps on its own event with a timeout; with any other provider (tests use a fake one) it waits for a timer of
/// that provider, so fake time drives it as before.
/// </para>
/// </summary>
internal sealed class DoorbellWatch : IDisposable
{
    private static readonly TimeSpan MaxSlack = TimeSpan.FromMilliseconds(0.5);
    private readonly Func<bool> _ringChanged;
    private readonly Func<bool> _scanDue;
    private readonly Func<TimeSpan> _period;
    private readonly TimeProvider _timeProvider;
    private readonly bool _systemClock;
    private readonly Thread _thread;
    private readonly SemaphoreSlim _posted = new(0);

    /// <summary>The tick sleep; no spinning before it blocks (a spin at every idle tick cost more than the read).</summary>
    private readonly ManualResetEventSlim _wake = new(false, spinCount: 0);
    private DoorbellWait? _wait;
    private volatile bool _disposed;

    /// <summary>Starts the thread (named <paramref name="threadName"/>); it does nothing until <see cref="WaitAsync"/>.</summary>
    public DoorbellWatch(Func<bool> ringChanged, Func<bool> scanNeeded, Func<TimeSpan> period, TimeProvider timeProvider, string threadName)
    {
        _ringChanged = ringChanged;
        _scanDue = scanNeeded;
        _period = period;
        _timeProvider = timeProvider;
        _systemClock = ReferenceEquals(timeProvider, TimeProvider.System);
        _thread = new Thread(Run) { IsBackground = true, Name = threadName };
        _thread.Start();
    }

    /// <summary>
    /// Polls every period (asked of the period function before each tick: it may slow down during a wait; the first
    /// poll one period from now) until the ring check or the idle-scan check returns true. One wait at a time.
    /// </summary>
    public Task<DoorbellWake> WaitAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var wait = new DoorbellWait(cancellationToken);
        if (Interlocked.CompareExchange(ref _wait, wait, null) is not null)
        {
            throw new InvalidOperationException("The doorbell watch already has a wait.");
        }

        _posted.Release();
        return wait.Completion.Task;
    }

    /// <summary>Ends the thread (a wait in progress completes cancelled) and waits for it.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _posted.Release();
        _wake.Set();
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }

        _posted.Dispose();
        _wake.Dispose();
    }

    private void Run()
    {
        while (true)
        {
            _posted.Wait();
            if (_disposed)
            {
                Interlocked.Exchange(ref _wait, null)?.Completion.TrySetCanceled();
                return;
            }

            if (Volatile.Read(ref _wait) is { } wait)
            {
                Poll(wait);
            }
        }
    }

    /// <summary>Polls until a check says yes; the wait is cleared before it completes, so its continuation may post the next.</summary>
    private void Poll(DoorbellWait wait)
    {
        DoorbellWake? result = null;
        Exception? failure = null;
        using (wait.Token.UnsafeRegister(static state => ((ManualResetEventSlim)state!).Set(), _wake))
        {
            try
            {
                var next = _timeProvider.GetTimestamp();
                while (result is null && !wait.Token.IsCancellationRequested && !_disposed)
                {
                    var period = _period();
                    next = NextTick(next, period);
                    SleepUntil(next, Slack(period), wait.Token);
                    if (wait.Token.IsCancellationRequested || _disposed)
                    {
                        break;
                    }

                    result = _ringChanged() ? DoorbellWake.Ring : _scanDue() ? DoorbellWake.ScanDue : null;
                }
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        }

        Volatile.Write(ref _wait, null);
        if (failure is not null)
        {
            wait.Completion.TrySetException(failure);
        }
        else if (result is { } wake)
        {
            wait.Completion.TrySetResult(wake);
        }
        else
        {
            wait.Completion.TrySetCanceled(wait.Token.IsCancellationRequested ? wait.Token : new CancellationToken(true));
        }
    }

    /// <summary>The next tick after <paramref name="previous"/>; a late tick starts the count again from now (no burst of catch-up polls).</summary>
    private long NextTick(long previous, TimeSpan period)
    {
        var now = _timeProvider.GetTimestamp();
        var step = (long)(period.TotalSeconds * _timeProvider.TimestampFrequency);
        var next = previous + step;
        return next <= now ? now + step : next;
    }

    /// <summary>
    /// How early a tick may be polled: a tenth of the period, at most 0.5 ms (0.1 ms of the 1 ms active doorbell). A
    /// timed wait may end a little before its time; without this, the rest (say 0.3 ms) cost a second wait, a second
    /// wake-up of this thread for the same tick. The next tick is counted from the previous one's time, not from the
    /// poll, so an early poll shifts nothing after it.
    /// </summary>
    internal static TimeSpan Slack(TimeSpan period) => TimeSpan.FromTicks(Math.Min(period.Ticks / 10, MaxSlack.Ticks));

    /// <summary>
    /// Sleeps until the timestamp <paramref name="until"/>, less at most <paramref name="slack"/> (then it is due); returns
    /// early when cancelled or disposed.
    /// </summary>
    private void SleepUntil(long until, TimeSpan slack, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested && !_disposed)
        {
            var remaining = _timeProvider.GetElapsedTime(_timeProvider.GetTimestamp(), until);
            if (remaining <= slack)
            {
                return;
            }

            if (_systemClock)
            {
                _wake.Wait((int)Math.Ceiling(remaining.TotalMilliseconds), CancellationToken.None); // cancellation sets _wake
            }
            else
            {
                // A fake clock fires exactly when advanced to the due time: the tick is due from (until - slack) on.
                using var timer = _timeProvider.CreateTimer(static state => ((ManualResetEventSlim)state!).Set(), _wake, remaining - slack, Timeout.InfiniteTimeSpan);
                _wake.Wait(CancellationToken.None);
            }

            // A set by cancellation or disposal is seen by the loop condition (both are flagged before the set).
            if (cancellationToken.IsCancellationRequested || _disposed)
            {
                return;
            }

            _wake.Reset();
        }
    }
}
