using Microsoft.Extensions.Time.Testing;

namespace Shared.Mailbox.Tests.Support;

/// <summary>A <see cref="FakeTimeProvider"/> that counts (and signals) the timers created on it: a test waits for one before it advances.</summary>
public sealed class TimerCountingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private int _created;

    /// <summary>Released once per timer created.</summary>
    public SemaphoreSlim Created { get; } = new(0);

    /// <summary>Timers created so far.</summary>
    public int CreatedCount => Volatile.Read(ref _created);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _created);
        Created.Release();
        return timer;
    }
}
