namespace Shared.Mailbox.Internal;

/// <summary>
/// A wake-up for one waiting loop. The loop takes <see cref="Arm"/>'s task before it checks its state, then awaits
/// it; a producer changes the state and calls <see cref="Set"/>. No wake-up is lost.
/// </summary>
internal sealed class AsyncSignal
{
    private TaskCompletionSource _current = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Returns a task that completes at the next <see cref="Set"/> (or at once if one is pending).</summary>
    public Task Arm()
    {
        var current = Volatile.Read(ref _current);
        if (!current.Task.IsCompleted)
        {
            return current.Task;
        }

        var fresh = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.CompareExchange(ref _current, fresh, current);
        return Volatile.Read(ref _current).Task;
    }

    /// <summary>Wakes the loop.</summary>
    public void Set() => Volatile.Read(ref _current).TrySetResult();
}
