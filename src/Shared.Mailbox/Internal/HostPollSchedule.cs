namespace Shared.Mailbox.Internal;

/// <summary>
/// When the host role reads its reply block next. A reply (or a CLEAN echo) is most likely shortly after the host
/// wrote its block, so it polls every <see cref="HostMailboxOptions.FastPollInterval"/> for
/// <see cref="HostMailboxOptions.FastPollWindow"/> after each write, then doubles the interval at each read up to
/// <see cref="HostMailboxOptions.PollInterval"/>. Not thread-safe: owned by the loop.
/// </summary>
internal sealed class HostPollSchedule(HostMailboxOptions options, TimeProvider timeProvider)
{
    private long _lastWrite = timeProvider.GetTimestamp();
    private TimeSpan _current = options.FastPollInterval;

    /// <summary>The interval to wait after the last read, at this moment.</summary>
    public TimeSpan Interval =>
        timeProvider.GetElapsedTime(_lastWrite) < options.FastPollWindow ? options.FastPollInterval : _current;

    /// <summary>The block was written: poll fast again.</summary>
    public void OnWrite()
    {
        _lastWrite = timeProvider.GetTimestamp();
        _current = options.FastPollInterval;
    }

    /// <summary>A read was done: outside the fast window the next interval doubles, up to the poll interval.</summary>
    public void OnRead()
    {
        if (timeProvider.GetElapsedTime(_lastWrite) >= options.FastPollWindow)
        {
            var doubled = TimeSpan.FromTicks(Math.Min(_current.Ticks * 2, options.PollInterval.Ticks));
            _current = doubled < options.FastPollInterval ? options.FastPollInterval : doubled;
        }
    }
}
