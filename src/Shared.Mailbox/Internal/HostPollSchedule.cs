namespace Shared.Mailbox.Internal;

/// <summary>
/// When the host role reads its reply block next. A reply is likely from the moment the host wrote a request until
/// about as long after it as recent replies took, so it reads every <see cref="HostMailboxOptions.FastPollInterval"/>
/// until <see cref="FastUntil"/> after the newest request awaiting its reply was written
/// (<see cref="HostMailboxOptions.FastPollWindow"/>, or 1.5 times the longest of the last <see cref="History"/> reply
/// times when that is longer, at most three windows); after that the interval is 1 % of the time since that write
/// (3 ms at 300 ms, 10 ms at 1 s), at most <see cref="HostMailboxOptions.PollInterval"/>: a late reply is picked up
/// within 1 % of its round trip, for about 100 reads per tenfold of waiting. (Doubling the interval at each read
/// reached 25 ms 30 ms after the window, so a reply that queued at the coordinator for 350 ms waited up to 25 ms.) With no request awaiting a reply (CLEAN handshakes only) the fast
/// window is <see cref="HostMailboxOptions.FastPollWindow"/> after the last write. Each request's window counts from
/// its own write: a later write (CLEAN for another slot) does not move it. Not thread-safe: owned by the loop.
/// <para>
/// A slow start (reading every <see cref="HostMailboxOptions.PollInterval"/> until half the shortest recent reply
/// time) was tried and removed: it saved little CPU and left 5 % of the replies to a 25 ms poll in the benchmark
/// (reply pickup p95 8-16 ms instead of 2.3 ms; docs/benchmarks.md).
/// </para>
/// </summary>
internal sealed class HostPollSchedule(HostMailboxOptions options, TimeProvider timeProvider)
{
    /// <summary>How many reply times are remembered.</summary>
    public const int History = 16;

    private readonly TimeSpan[] _replyTimes = new TimeSpan[History];
    private int _replies;
    private long _lastWrite = timeProvider.GetTimestamp();

    /// <summary>
    /// How long after a request's write the fast polling goes on: <see cref="HostMailboxOptions.FastPollWindow"/>, or
    /// 1.5 times the longest remembered reply time when that is longer (replies that waited in the coordinator's
    /// queue), but at most three windows (a burst's long waits).
    /// </summary>
    public TimeSpan FastUntil { get; private set; } = options.FastPollWindow;

    /// <summary>
    /// The interval to wait after the last read, at this moment, given the write time of the newest request awaiting
    /// a reply (null: none).
    /// </summary>
    public TimeSpan Interval(long? newestAwaiting)
    {
        var elapsed = timeProvider.GetElapsedTime(newestAwaiting ?? _lastWrite);
        var window = newestAwaiting is null ? options.FastPollWindow : FastUntil;
        if (elapsed < window)
        {
            return options.FastPollInterval;
        }

        var proportional = elapsed / 100;
        return proportional < options.FastPollInterval ? options.FastPollInterval
            : proportional > options.PollInterval ? options.PollInterval : proportional;
    }

    /// <summary>The block was written: with no request awaiting a reply, the fast window starts again.</summary>
    public void OnWrite() => _lastWrite = timeProvider.GetTimestamp();

    /// <summary>A request written at the timestamp <paramref name="writtenAt"/> was answered just now: its reply time is remembered.</summary>
    public void OnReply(long writtenAt)
    {
        _replyTimes[_replies % History] = timeProvider.GetElapsedTime(writtenAt);
        _replies++;
        var longest = TimeSpan.Zero;
        for (var i = 0; i < Math.Min(_replies, History); i++)
        {
            longest = _replyTimes[i] > longest ? _replyTimes[i] : longest;
        }

        var learned = longest * 3 / 2;
        var cap = options.FastPollWindow * 3;
        learned = learned < cap ? learned : cap;
        FastUntil = learned > options.FastPollWindow ? learned : options.FastPollWindow;
    }
}
