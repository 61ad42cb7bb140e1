using System.Globalization;

namespace LvExtend.Bench.Measurement;

/// <summary>
/// A process's I/O counters from <c>/proc/&lt;pid&gt;/io</c>: <c>syscr</c>/<c>syscw</c> (read and write system calls,
/// sockets included), <c>rchar</c>/<c>wchar</c> (bytes through them) and <c>read_bytes</c>/<c>write_bytes</c> (what
/// reached the block layer: the mailbox's O_DIRECT reads and writes, as the mailbox files are its only disk I/O).
/// </summary>
internal sealed record ProcessIo(long ReadCalls, long WriteCalls, long ReadChars, long WriteChars, long ReadBytes, long WriteBytes)
{
    /// <summary>Reads /proc/<paramref name="pid"/>/io (needs root or the same user).</summary>
    public static ProcessIo Read(int pid)
    {
        var values = File.ReadLines($"/proc/{pid}/io")
            .Select(l => l.Split(':', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => long.Parse(p[1].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture), StringComparer.Ordinal);
        return new ProcessIo(values["syscr"], values["syscw"], values["rchar"], values["wchar"], values["read_bytes"], values["write_bytes"]);
    }

    /// <summary>The counters' growth from <paramref name="start"/> to this.</summary>
    public ProcessIo Since(ProcessIo start)
    {
        ArgumentNullException.ThrowIfNull(start);
        return new ProcessIo(
            ReadCalls - start.ReadCalls, WriteCalls - start.WriteCalls, ReadChars - start.ReadChars, WriteChars - start.WriteChars,
            ReadBytes - start.ReadBytes, WriteBytes - start.WriteBytes);
    }
}
