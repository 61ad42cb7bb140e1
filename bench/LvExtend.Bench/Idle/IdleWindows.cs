using System.Diagnostics;
using LvExtend.Bench.Measurement;

namespace LvExtend.Bench.Idle;

/// <summary>
/// Measures an idle process over consecutive windows: its CPU per window (the sum of its threads' run time from
/// schedstat, in nanoseconds: /proc/&lt;pid&gt;/stat's 10 ms ticks would resolve only 0.05 % of a core in 20 s) and its
/// threads' run time and wake-ups over all of them, sampled every second so that short-lived threads (thread-pool
/// workers, the tiered JIT's) are counted with their last sample (what such a thread ran after its last sample is
/// missed: at most a second of an idle thread). utime+stime over all windows is kept as a cross-check.
/// </summary>
internal static class IdleWindows
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(1);

    /// <summary>The measurement: <paramref name="windows"/> windows of <paramref name="length"/> each.</summary>
    public static async Task<IdleSample> MeasureAsync(int pid, int windows, TimeSpan length, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windows, 1);
        var first = ProcessStats.Read(pid);
        var threadsStart = ThreadCpu.RunTimes(pid);
        var threadsSeen = new Dictionary<int, ThreadRunTime>(threadsStart);
        var percents = new List<double>();
        var windowStart = first;
        for (var i = 0; i < windows; i++)
        {
            var windowEnd = windowStart.Timestamp + (long)(length.TotalSeconds * Stopwatch.Frequency);
            var atStart = new Dictionary<int, ThreadRunTime>(threadsSeen);
            while (true)
            {
                foreach (var (tid, sample) in ThreadCpu.RunTimes(pid))
                {
                    threadsSeen[tid] = sample;
                }

                var remaining = TimeSpan.FromSeconds((double)(windowEnd - Stopwatch.GetTimestamp()) / Stopwatch.Frequency);
                if (remaining <= TimeSpan.Zero)
                {
                    break;
                }

                await Task.Delay(remaining < SampleInterval ? remaining : SampleInterval, cancellationToken);
            }

            var end = ProcessStats.Read(pid);
            var runNanoseconds = threadsSeen.Sum(e => (e.Value - (atStart.TryGetValue(e.Key, out var s) ? s : default)).Nanoseconds);
            percents.Add(runNanoseconds / 1e7 / Stopwatch.GetElapsedTime(windowStart.Timestamp, end.Timestamp).TotalSeconds);
            windowStart = end;
        }

        foreach (var (tid, sample) in ThreadCpu.RunTimes(pid))
        {
            threadsSeen[tid] = sample;
        }

        var seconds = Stopwatch.GetElapsedTime(first.Timestamp, windowStart.Timestamp).TotalSeconds;
        var ticksPercent = 100 * (windowStart.OwnCpu - first.OwnCpu).TotalSeconds / seconds;
        return new IdleSample(seconds, CpuWindows.Of(percents), ticksPercent, ThreadCpu.Between(threadsStart, threadsSeen, seconds), first, windowStart);
    }
}
