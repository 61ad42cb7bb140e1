using System.Diagnostics;
using LvExtend.Bench.Measurement;

namespace LvExtend.Bench.Idle;

/// <summary>
/// Measures an idle process over consecutive windows: its own CPU (/proc/&lt;pid&gt;/stat utime+stime) per window and
/// its threads' run time and wake-ups (schedstat) over all of them, sampled every second so that short-lived threads
/// (thread-pool workers, the tiered JIT's) are counted with their last sample.
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
            percents.Add(100 * (end.OwnCpu - windowStart.OwnCpu).TotalSeconds / Stopwatch.GetElapsedTime(windowStart.Timestamp, end.Timestamp).TotalSeconds);
            windowStart = end;
        }

        foreach (var (tid, sample) in ThreadCpu.RunTimes(pid))
        {
            threadsSeen[tid] = sample;
        }

        var seconds = Stopwatch.GetElapsedTime(first.Timestamp, windowStart.Timestamp).TotalSeconds;
        return new IdleSample(seconds, CpuWindows.Of(percents), ThreadCpu.Between(threadsStart, threadsSeen, seconds), first, windowStart);
    }
}
