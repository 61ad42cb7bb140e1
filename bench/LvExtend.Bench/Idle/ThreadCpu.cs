using System.Globalization;

namespace LvExtend.Bench.Idle;

/// <summary>
/// Each thread's run time and times scheduled (/proc/&lt;pid&gt;/task/*/schedstat) with its name, to tell where an idle
/// process's CPU goes and what wakes it: the .NET runtime names its threads (".NET TP Worker", ".NET Timer",
/// ".NET Tiered Com"...), the mailbox names its doorbell thread.
/// </summary>
internal static class ThreadCpu
{
    /// <summary>Each thread's name, run time and times scheduled now, by thread id; threads that end meanwhile are skipped.</summary>
    public static Dictionary<int, ThreadRunTime> RunTimes(int pid) =>
        PerThread(pid, task =>
        {
            var parts = File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ');
            var name = File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n');
            return new ThreadRunTime(name, long.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture));
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

    /// <summary>
    /// Run time and times scheduled per thread name between <paramref name="start"/> and the last sample of each thread
    /// seen (<paramref name="seen"/>: a thread that started after <paramref name="start"/> counts from zero), over
    /// <paramref name="seconds"/>, highest CPU first.
    /// </summary>
    public static IReadOnlyList<ThreadGroupCpu> Between(Dictionary<int, ThreadRunTime> start, Dictionary<int, ThreadRunTime> seen, double seconds) =>
        [.. seen
            .Select(e => e.Value - (start.TryGetValue(e.Key, out var s) ? s : default))
            .GroupBy(t => t.Name, StringComparer.Ordinal)
            .Select(g => new ThreadGroupCpu(g.Key, g.Count(), g.Sum(t => t.Nanoseconds) / 1e7 / seconds, g.Sum(t => t.Runs) / seconds))
            .Where(g => g.CpuPercent >= 0.0005 || g.RunsPerSecond >= 0.05)
            .OrderByDescending(g => g.CpuPercent)];
}
