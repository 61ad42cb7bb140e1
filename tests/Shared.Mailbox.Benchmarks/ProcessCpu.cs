using System.Globalization;

namespace Shared.Mailbox.Benchmarks;

/// <summary>
/// This process's CPU time: <see cref="Used"/> from /proc/self/stat (user + system, in 10 ms clock ticks, including
/// exited threads) and <see cref="OnCpu"/> from /proc/self/task/*/schedstat (nanoseconds on a CPU, live threads).
/// </summary>
internal static class ProcessCpu
{
    private const double TicksPerSecond = 100; // sysconf(_SC_CLK_TCK) on Linux

    public static TimeSpan Used()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        var stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds((utime + stime) / TicksPerSecond);
    }

    public static TimeSpan OnCpu()
    {
        long nanoseconds = 0;
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                var text = File.ReadAllText(Path.Combine(task, "schedstat"));
                nanoseconds += long.Parse(text.AsSpan(0, text.IndexOf(' ', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The thread exited meanwhile.
            }
        }

        return TimeSpan.FromTicks(nanoseconds / 100);
    }
}
