namespace LvExtend.TestSupport;

/// <summary>
/// Waits for something that must happen, with a generous timeout (no timed assertions: only "it happens").
/// Polls on a <see cref="TimeProvider"/> (the system's unless given); on timeout throws a
/// <see cref="TimeoutException"/> that names what was awaited and for how long.
/// </summary>
public static class Eventually
{
    /// <summary>How long a wait lasts unless told otherwise.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    /// <summary>How often the condition is checked unless told otherwise.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// Waits until <paramref name="condition"/> holds. <paramref name="betweenPolls"/> runs after each failed check
    /// (e.g. to advance a fake clock the code under test waits on).
    /// </summary>
    /// <param name="condition">What must become true.</param>
    /// <param name="what">What is awaited, for the failure message.</param>
    /// <param name="timeout">How long to wait (default <see cref="DefaultTimeout"/>).</param>
    /// <param name="betweenPolls">Runs after each failed check.</param>
    /// <param name="pollInterval">How long to sleep between checks (default <see cref="DefaultPollInterval"/>).</param>
    /// <param name="time">The clock the timeout and the sleeps are measured on (default: the system's).</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public static async Task TrueAsync(
        Func<bool> condition,
        string what,
        TimeSpan? timeout = null,
        Action? betweenPolls = null,
        TimeSpan? pollInterval = null,
        TimeProvider? time = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var limit = timeout ?? DefaultTimeout;
        var (_, done) = await PollAsync(() => Task.FromResult(condition()), held => held, limit, pollInterval, time, betweenPolls, cancellationToken)
            .ConfigureAwait(false);
        if (!done)
        {
            throw new TimeoutException($"Still not true after {limit.TotalSeconds:0.#} s: {what}");
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds (asynchronous check); see the synchronous overload.</summary>
    public static Task TrueAsync(
        Func<Task<bool>> condition,
        string what,
        TimeSpan? timeout = null,
        TimeSpan? pollInterval = null,
        TimeProvider? time = null,
        CancellationToken cancellationToken = default) =>
        ValueAsync(condition, done => done, what, timeout, pollInterval, time, cancellationToken);

    /// <summary>
    /// Reads until <paramref name="done"/> accepts the value and returns that value; on timeout throws a
    /// <see cref="TimeoutException"/> naming <paramref name="what"/> and the last value read.
    /// </summary>
    public static async Task<T> ValueAsync<T>(
        Func<Task<T>> read,
        Func<T, bool> done,
        string what,
        TimeSpan? timeout = null,
        TimeSpan? pollInterval = null,
        TimeProvider? time = null,
        CancellationToken cancellationToken = default)
    {
        var limit = timeout ?? DefaultTimeout;
        var (value, accepted) = await PollAsync(read, done, limit, pollInterval, time, null, cancellationToken).ConfigureAwait(false);
        return accepted ? value : throw new TimeoutException($"Still not true after {limit.TotalSeconds:0.#} s: {what} (last read: {value})");
    }

    /// <summary>
    /// Reads until <paramref name="done"/> accepts the value or the timeout passes, and returns the last value read
    /// either way: for a caller that asserts on it with a message more telling than a timeout.
    /// </summary>
    public static async Task<T> LatestAsync<T>(
        Func<Task<T>> read,
        Func<T, bool> done,
        TimeSpan? timeout = null,
        TimeSpan? pollInterval = null,
        TimeProvider? time = null,
        CancellationToken cancellationToken = default) =>
        (await PollAsync(read, done, timeout ?? DefaultTimeout, pollInterval, time, null, cancellationToken).ConfigureAwait(false)).Value;

    /// <summary>
    /// Awaits <paramref name="task"/>, at most <paramref name="timeout"/> (default <see cref="DefaultTimeout"/>); a
    /// timeout names <paramref name="what"/>.
    /// </summary>
    public static async Task<T> Within<T>(Task<T> task, TimeSpan? timeout = null, string? what = null)
    {
        await Within((Task)task, timeout, what).ConfigureAwait(false);
        return await task.ConfigureAwait(false);
    }

    /// <summary>
    /// Awaits <paramref name="task"/>, at most <paramref name="timeout"/> (default <see cref="DefaultTimeout"/>); a
    /// timeout names <paramref name="what"/>.
    /// </summary>
    public static async Task Within(Task task, TimeSpan? timeout = null, string? what = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        var limit = timeout ?? DefaultTimeout;
        try
        {
            await task.WaitAsync(limit).ConfigureAwait(false);
        }
        catch (TimeoutException ex) when (!task.IsCompleted)
        {
            throw new TimeoutException($"Still not done after {limit.TotalSeconds:0.#} s: {what ?? "the awaited task"}", ex);
        }
    }

    private static async Task<(T Value, bool Done)> PollAsync<T>(
        Func<Task<T>> read,
        Func<T, bool> done,
        TimeSpan limit,
        TimeSpan? pollInterval,
        TimeProvider? time,
        Action? betweenPolls,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(done);
        time ??= TimeProvider.System;
        var started = time.GetTimestamp();
        while (true)
        {
            var value = await read().ConfigureAwait(false);
            if (done(value))
            {
                return (value, true);
            }

            if (time.GetElapsedTime(started) > limit)
            {
                return (value, false);
            }

            betweenPolls?.Invoke();
            await Task.Delay(pollInterval ?? DefaultPollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
