namespace Hsm.Agent.Monitoring;

/// <summary>
/// Wakes a check loop that sleeps until its next due check: a drive now needs the frequent check (its threshold
/// was invalidated or refused, it was exceeded) or the VM stopped on ENOSPC. Arm, then evaluate, then wait on
/// the armed task: a signal raised in between is not lost. Thread-safe.
/// </summary>
internal sealed class CheckSignal
{
    private TaskCompletionSource _current = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A task that completes at the next <see cref="Set"/>.</summary>
    public Task Arm()
    {
        var current = Volatile.Read(ref _current);
        if (!current.Task.IsCompleted)
        {
            return current.Task;
        }

        Interlocked.CompareExchange(ref _current, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), current);
        return Volatile.Read(ref _current).Task;
    }

    /// <summary>Wakes the loop (cheap; may be called with a drive's lock held).</summary>
    public void Set() => Volatile.Read(ref _current).TrySetResult();
}
