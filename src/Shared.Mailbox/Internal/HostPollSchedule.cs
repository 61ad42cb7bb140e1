namespace Shared.Mailbox.Internal;

/// <summary>
/// When the host role reads its reply block next. The host knows when it wrote its block, and it learns how long
/// replies take: a reply is likely from half the shortest of the last
/// <see cref="History"/> reply times on (the lvextend takes 50-150 ms, so nothing is likely in the first tens of
/// milliseconds; under load it varies 2-3 fold, hence half). Before that it reads every <see cref="HostMailboxOptions.PollInterval"/> (a refusal or a CLEAN echo
/// can come early) and once exactly at the start of the likely window; in the window it reads every
/// <see cref="HostMailboxOptions.FastPollInterval"/> for <see cref="HostMailboxOptions.FastPollWindow"/>; after it the
/// interval doubles at each read up to <see cref="HostMailboxOptions.PollInterval"/>. Until a reply was seen the window
/// starts at the write. Not thread-safe: owned by the loop.
/// </summary>
internal sealed class HostPollSchedule(HostMailboxOptions options, TimeProvider timeProvider)
{
    /// <summary>How many reply times are remembered.</summary>
    public const int History = 16;

    private readonly TimeSpan[] _replyTimes = new TimeSpan[History];
    private int _replies;
    private long _lastWrite = timeProvider.GetTimestamp();
    private TimeSpan _current = options.FastPollInterval;

    /// <summary>How long after a write the fast polling starts: half the shortest remembered reply time, or 0.</summary>
    public TimeSpan LikelyStart { get; private set; }

    /// <summary>The interval to wait after the last read, at this moment.</summary>
    public TimeSpan Interval
    {
        get
        {
            var elapsed = timeProvider.GetElapsedTime(_lastWrite);
            if (elapsed < LikelyStart)
            {
                var untilWindow = LikelyStart - elapsed;
                var interval = untilWindow < options.PollInterval ? untilWindow : options.PollInterval;
                return interval < options.FastPollInterval ? options.FastPollInterval : interval;
            }

            return elapsed < LikelyStart + options.FastPollWindow ? options.FastPollInterval : _current;
        }
    }

    /// <summary>The block was written: poll fast again (from the likely start on).</summary>
    public void OnWrite()
    {
        _lastWrite = timeProvider.GetTimestamp();
        _current = options.FastPollInterval;
    }

    /// <summary>A read was done: after the fast window the next interval doubles, up to the poll interval.</summary>
    public void OnRead()
    {
        if (timeProvider.GetElapsedTime(_lastWrite) >= LikelyStart + options.FastPollWindow)
        {
            var doubled = TimeSpan.FromTicks(Math.Min(_current.Ticks * 2, options.PollInterval.Ticks));
            _current = doubled < options.FastPollInterval ? options.FastPollInterval : doubled;
        }
    }

    /// <summary>
    /// The read just done completed a request: its reply time (from the last write: a later write only makes it shorter,
    /// so the window starts earlier, never later) is remembered and the likely start recomputed.
    /// </summary>
    public void OnReply()
    {
        _replyTimes[_replies % History] = timeProvider.GetElapsedTime(_lastWrite);
        _replies++;
        var shortest = TimeSpan.MaxValue;
        for (var i = 0; i < Math.Min(_replies, History); i++)
        {
            shortest = _replyTimes[i] < shortest ? _replyTimes[i] : shortest;
        }

        LikelyStart = shortest / 2;
    }
}
