using System.Globalization;

namespace Shared.Mailbox.Benchmarks;

/// <summary>
/// CPU time: <see cref="Used"/> for this process from /proc/self/stat (user + system, in 10 ms clock ticks, exited
/// threads included) and <see cref="ThreadOnCpu"/> for the calling thread (nanoseconds).
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

    /// <summary>The calling thread's time on a CPU (/proc/thread-self/schedstat, nanoseconds).</summary>
    public static TimeSpan ThreadOnCpu()
    {
        var text = File.ReadAllText("/proc/thread-self/schedstat");
        return TimeSpan.FromTicks(long.Parse(text.AsSpan(0, text.IndexOf(' ', StringComparison.Ordinal)), CultureInfo.InvariantCulture) / 100);
    }
}
