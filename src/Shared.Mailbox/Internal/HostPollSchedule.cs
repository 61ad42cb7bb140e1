namespace Shared.Mailbox.Internal;

/// <summary>
/// When the host role reads its reply block next. The host knows when it wrote each request, and it learns how long
/// replies take: a reply is likely from half the shortest of the last <see cref="History"/> reply times on (the
/// lvextend takes 50-150 ms, so nothing is likely in the first tens of milliseconds; under load it varies 2-3 fold,
/// hence half). Before the oldest request awaiting its reply reaches that point, the host reads every
/// <see cref="HostMailboxOptions.PollInterval"/> (a refusal can come early) and once exactly at it; from there every
/// <see cref="HostMailboxOptions.FastPollInterval"/> until <see cref="FastUntil"/> after the newest request's write
/// (<see cref="HostMailboxOptions.FastPollWindow"/> after its likely start, or longer when recent replies took longer:
/// 1.5 times the longest, at most three windows); after that the interval doubles at each read up to
/// <see cref="HostMailboxOptions.PollInterval"/>. With no request awaiting a reply (CLEAN handshakes only) the fast
/// window starts at the last write. Until a reply was seen the likely start is the write itself. Not thread-safe:
/// owned by the loop.
/// </summary>
internal sealed class HostPollSchedule(HostMailboxOptions options, TimeProvider timeProvider)
{
    /// <summary>How many reply times are remembered.</summary>
    public const int History = 16;

    private readonly TimeSpan[] _replyTimes = new TimeSpan[History];
    private int _replies;
    private long _lastWrite = timeProvider.GetTimestamp();
    private TimeSpan _current = options.FastPollInterval;

    /// <summary>How long after a request's write the fast polling starts: half the shortest remembered reply time, or 0.</summary>
    public TimeSpan LikelyStart { get; private set; }

    /// <summary>
    /// How long after a request's write the fast polling goes on: <see cref="HostMailboxOptions.FastPollWindow"/> after
    /// <see cref="LikelyStart"/>, or 1.5 times the longest remembered reply time when that is later (replies that
    /// waited in the coordinator's queue), but at most three fast windows (a burst's long waits).
    /// </summary>
    public TimeSpan FastUntil { get; private set; } = options.FastPollWindow;

    /// <summary>
    /// The interval to wait after the last read, at this moment, given the write times of the oldest and newest
    /// requests awaiting a reply (null: none).
    /// </summary>
    public TimeSpan Interval((long Oldest, long Newest)? awaiting)
    {
        var (beforeWindow, inWindow) = Position(awaiting);
        if (beforeWindow > TimeSpan.Zero)
        {
            var interval = beforeWindow < options.PollInterval ? beforeWindow : options.PollInterval;
            return interval < options.FastPollInterval ? options.FastPollInterval : interval;
        }

        return inWindow ? options.FastPollInterval : _current;
    }

    /// <summary>The block was written: poll fast again (from the likely start on).</summary>
    public void OnWrite()
    {
        _lastWrite = timeProvider.GetTimestamp();
        _current = options.FastPollInterval;
    }

    /// <summary>A read was done: after the fast window the next interval doubles, up to the poll interval.</summary>
    public void OnRead((long Oldest, long Newest)? awaiting)
    {
        var (beforeWindow, inWindow) = Position(awaiting);
        if (beforeWindow <= TimeSpan.Zero && !inWindow)
        {
            var doubled = TimeSpan.FromTicks(Math.Min(_current.Ticks * 2, options.PollInterval.Ticks));
            _current = doubled < options.FastPollInterval ? options.FastPollInterval : doubled;
        }
    }

    /// <summary>A request written at the timestamp <paramref name="writtenAt"/> was answered just now: its reply time is remembered.</summary>
    public void OnReply(long writtenAt)
    {
        _replyTimes[_replies % History] = timeProvider.GetElapsedTime(writtenAt);
        _replies++;
        var shortest = TimeSpan.MaxValue;
        var longest = TimeSpan.Zero;
        for (var i = 0; i < Math.Min(_replies, History); i++)
        {
            shortest = _replyTimes[i] < shortest ? _replyTimes[i] : shortest;
            longest = _replyTimes[i] > longest ? _replyTimes[i] : longest;
        }

        LikelyStart = shortest / 2;
        var learned = longest * 3 / 2;
        var cap = options.FastPollWindow * 3;
        learned = learned < cap ? learned : cap;
        FastUntil = LikelyStart + options.FastPollWindow > learned ? LikelyStart + options.FastPollWindow : learned;
    }

    /// <summary>How long until the fast window starts (0 or less: it started), and whether it is open now.</summary>
    private (TimeSpan BeforeWindow, bool InWindow) Position((long Oldest, long Newest)? awaiting)
    {
        if (awaiting is not { } range)
        {
            return (TimeSpan.Zero, timeProvider.GetElapsedTime(_lastWrite) < options.FastPollWindow);
        }

        var beforeWindow = LikelyStart - timeProvider.GetElapsedTime(range.Oldest);
        return (beforeWindow, beforeWindow <= TimeSpan.Zero && timeProvider.GetElapsedTime(range.Newest) < FastUntil);
    }
}
