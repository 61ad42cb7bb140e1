using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Shared.Mailbox.Internal;

/// <summary>
/// Millisecond and sub-millisecond delays for the host's reply poll. <see cref="Task.Delay(TimeSpan, TimeProvider, CancellationToken)"/>
/// with the system clock goes through the runtime's timer queue, whose due times are kept in
/// <see cref="Environment.TickCount64"/>: on Linux that is CLOCK_MONOTONIC_COARSE, one jiffy (4 ms here), so a 1 ms
/// delay took 3.7-4.4 ms p50 on the 2-core test machine and a "1 ms" poll was in fact a 4 ms one. One dedicated thread
/// per process keeps the due times (Stopwatch ticks) and sleeps on a monitor with a millisecond timeout, then with
/// usleep(3) for the last fraction of a millisecond (0.62 ms measured for a 0.5 ms nanosleep), and completes the
/// delays due (their continuations run on the thread pool). Any other <see cref="TimeProvider"/> (tests use a fake
/// one) gets <see cref="Task.Delay(TimeSpan, TimeProvider, CancellationToken)"/> as before.
/// </summary>
internal sealed partial class PreciseTimer
{
    private static readonly Lazy<PreciseTimer> Shared = new(() => new PreciseTimer(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly object _lock = new(); // Monitor: Wait and Pulse
    private readonly PriorityQueue<TaskCompletionSource, long> _due = new();
    private readonly Thread _thread;

    private PreciseTimer()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "lvx-mailbox-timer" };
        _thread.Start();
    }

    /// <summary>
    /// Completes after <paramref name="delay"/> (cancelled by <paramref name="cancellationToken"/>): precisely with
    /// <see cref="TimeProvider.System"/>, through <paramref name="timeProvider"/>'s timers otherwise.
    /// </summary>
    public static Task Delay(TimeSpan delay, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (!ReferenceEquals(timeProvider, TimeProvider.System))
        {
            return Task.Delay(delay, timeProvider, cancellationToken);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        if (delay <= TimeSpan.Zero)
        {
            return Task.CompletedTask;
        }

        return Shared.Value.Add(Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency), cancellationToken);
    }

    private Task Add(long due, CancellationToken cancellationToken)
    {
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            var wake = !_due.TryPeek(out _, out var first) || due < first;
            _due.Enqueue(completion, due);
            if (wake)
            {
                Monitor.Pulse(_lock);
            }
        }

        if (cancellationToken.CanBeCanceled)
        {
            // The entry stays queued until due; completing it then is a no-op.
            var registration = cancellationToken.UnsafeRegister(
                static (state, token) => ((TaskCompletionSource)state!).TrySetCanceled(token), completion);
            completion.Task.ContinueWith(
                static (_, state) => ((CancellationTokenRegistration)state!).Dispose(), registration,
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        return completion.Task;
    }

    private void Run()
    {
        List<TaskCompletionSource> ready = [];
        while (true)
        {
            long remainingTicks;
            lock (_lock)
            {
                while (_due.Count == 0)
                {
                    Monitor.Wait(_lock);
                }

                var now = Stopwatch.GetTimestamp();
                while (_due.TryPeek(out var completion, out var due) && due <= now)
                {
                    ready.Add(completion);
                    _due.Dequeue();
                }

                remainingTicks = _due.TryPeek(out _, out var next) ? next - now : 0;
                if (ready.Count == 0 && remainingTicks >= Stopwatch.Frequency / 1000)
                {
                    // Whole milliseconds only (it wakes early, never late); an earlier delay added meanwhile pulses.
                    Monitor.Wait(_lock, (int)Math.Min(int.MaxValue, remainingTicks * 1000 / Stopwatch.Frequency));
                    continue;
                }
            }

            if (ready.Count > 0)
            {
                foreach (var completion in ready)
                {
                    completion.TrySetResult();
                }

                ready.Clear();
                continue;
            }

            // Less than a millisecond left: a plain sleep of exactly that (a delay added meanwhile is at most that late).
            _ = USleep((uint)Math.Max(1, remainingTicks * 1_000_000 / Stopwatch.Frequency));
        }
    }

    /// <summary>usleep(3): a nanosleep(2) of whole microseconds.</summary>
    [LibraryImport("libc", EntryPoint = "usleep")]
    private static partial int USleep(uint microseconds);
}
