using System.Globalization;
using System.Runtime.InteropServices;

namespace LvExtend.Bench.Measurement;

/// <summary>
/// A process's CPU time and memory from /proc: <c>stat</c> utime+stime (its own threads) and cutime+cstime
/// (children it has waited for: the lvm commands of the coordinator), <c>status</c> VmHWM (peak RSS).
/// </summary>
/// <param name="OwnCpu">utime + stime.</param>
/// <param name="ChildrenCpu">cutime + cstime.</param>
/// <param name="PeakRssBytes">VmHWM.</param>
/// <param name="RssBytes">VmRSS.</param>
/// <param name="Timestamp">When it was read (Stopwatch ticks).</param>
internal sealed partial record ProcessStats(TimeSpan OwnCpu, TimeSpan ChildrenCpu, long PeakRssBytes, long RssBytes, long Timestamp)
{
    private const int ScClkTck = 2;
    private static readonly long ClockTicksPerSecond = ReadClockTicks();

    /// <summary>Reads /proc/<paramref name="pid"/>; throws when the process is gone.</summary>
    public static ProcessStats Read(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name is in parentheses and may contain spaces: fields start after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state); utime is field 14, stime 15, cutime 16, cstime 17.
        var own = Ticks(fields[11]) + Ticks(fields[12]);
        var children = Ticks(fields[13]) + Ticks(fields[14]);
        long hwm = 0, rss = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                hwm = Kib(line);
            }
            else if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kib(line);
            }
        }

        return new ProcessStats(ToTime(own), ToTime(children), hwm, rss, System.Diagnostics.Stopwatch.GetTimestamp());
    }

    /// <summary>The 1, 5 and 15 minute load averages.</summary>
    public static string LoadAverage()
    {
        var parts = File.ReadAllText("/proc/loadavg").Split(' ');
        return $"{parts[0]} {parts[1]} {parts[2]}";
    }

    private static long Ticks(string value) => long.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture);

    private static TimeSpan ToTime(long ticks) => TimeSpan.FromSeconds((double)ticks / ClockTicksPerSecond);

    private static long Kib(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], NumberStyles.Integer, CultureInfo.InvariantCulture) * 1024;

    private static long ReadClockTicks()
    {
        var ticks = SysConf(ScClkTck);
        return ticks > 0 ? ticks : 100;
    }

    [LibraryImport("libc", EntryPoint = "sysconf")]
    private static partial long SysConf(int name);
}
