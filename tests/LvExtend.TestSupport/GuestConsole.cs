using System.Globalization;

namespace LvExtend.TestSupport;

/// <summary>Reads the test guest's console log: LVX-PROGRESS and LVX-RESULT lines (scripts/guest/init).</summary>
public sealed class GuestConsole(string path)
{
    public string Path { get; } = path;

    /// <summary>The highest "LVX-PROGRESS written_mib=K" so far (0 before the first).</summary>
    public int LatestProgressMib => CompleteLines().Select(ParseProgress).DefaultIfEmpty(0).Max();

    /// <summary>The LVX-RESULT line, once printed.</summary>
    public GuestResult? Result => CompleteLines().Select(GuestResult.TryParse).FirstOrDefault(r => r is not null);

    public string Read()
    {
        try
        {
            using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    /// <summary>The last lines, for failure messages.</summary>
    public string Tail(int lines = 40)
    {
        var all = Read().Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    private string[] CompleteLines()
    {
        var log = Read();
        var end = log.LastIndexOf('\n');
        return end < 0 ? [] : log[..end].Split('\n');
    }

    private static int ParseProgress(string line)
    {
        const string Marker = "LVX-PROGRESS written_mib=";
        var at = line.IndexOf(Marker, StringComparison.Ordinal);
        return at >= 0 && int.TryParse(line.AsSpan(at + Marker.Length).Trim(), CultureInfo.InvariantCulture, out var mib) ? mib : 0;
    }
}
