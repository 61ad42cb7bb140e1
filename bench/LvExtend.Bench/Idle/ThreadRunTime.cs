namespace LvExtend.Bench.Idle;

/// <summary>A thread's name, run time (nanoseconds) and times scheduled, from /proc/&lt;pid&gt;/task/&lt;tid&gt;/schedstat.</summary>
internal readonly record struct ThreadRunTime(string Name, long Nanoseconds, long Runs)
{
    public static ThreadRunTime operator -(ThreadRunTime end, ThreadRunTime start) => new(end.Name, end.Nanoseconds - start.Nanoseconds, end.Runs - start.Runs);
}
