using System.Globalization;

namespace LvExtend.Bench.Idle;

/// <summary>
/// Each thread's CPU time (/proc/&lt;pid&gt;/task/*/stat utime+stime) with its name, to tell where an idle process's
/// CPU goes: the .NET runtime names its threads (".NET TP Worker", ".NET Timer", ".NET Tiered Com"...), the mailbox
/// names its doorbell thread.
/// </summary>
internal static class ThreadCpu
{
    /// <summary>/proc reports in USER_HZ, 100 on Linux.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>Thread id to (name, CPU ticks) now; threads that end meanwhile are skipped.</summary>
    public static Dictionary<int, (string Name, long Ticks)> Sample(int pid) =>
        PerThread(pid, task =>
        {
            var stat = File.ReadAllText(Path.Combine(task, "stat"));
            var open = stat.IndexOf('(', StringComparison.Ordinal);
            var close = stat.LastIndexOf(')');
            var fields = stat[(close + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return (stat[(open + 1)..close], ticks);
        });

    /// <summary>
    /// <paramref name="read"/> applied to each thread's /proc/&lt;pid&gt;/task/&lt;tid&gt; directory, by thread id; threads
    /// that end meanwhile are skipped, and so is a process that is gone.
    /// </summary>
    public static Dictionary<int, T> PerThread<T>(int pid, Func<string, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var result = new Dictionary<int, T>();
        string[] tasks;
        try
        {
            tasks = Directory.GetDirectories($"/proc/{pid}/task");
        }
        catch (DirectoryNotFoundException)
        {
            return result;
        }

        foreach (var task in tasks)
        {
            try
            {
                result[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] = read(task);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The thread ended.
            }
        }

        return result;
    }

    /// <summary>CPU per thread name between two samples, as a percentage of one core over <paramref name="seconds"/>, highest first.</summary>
    public static IReadOnlyList<ThreadGroupCpu> Between(
        Dictionary<int, (string Name, long Ticks)> start, Dictionary<int, (string Name, long Ticks)> end, double seconds) =>
        [.. end
            .Select(e => (e.Value.Name, Ticks: e.Value.Ticks - (start.TryGetValue(e.Key, out var s) ? s.Ticks : 0)))
            .GroupBy(t => t.Name, StringComparer.Ordinal)
            .Select(g => new ThreadGroupCpu(g.Key, g.Count(), 100 * g.Sum(t => t.Ticks) / TicksPerSecond / seconds))
            .Where(g => g.CpuPercent > 0)
            .OrderByDescending(g => g.CpuPercent)];
}
