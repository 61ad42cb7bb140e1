using System.Globalization;
using System.Text.RegularExpressions;

namespace Lvx.Commands.Watch;

/// <summary>
/// What a demo guest's serial console says of its progress: the <c>LVX-BOOT</c>,
/// <c>LVX-PROGRESS</c> and <c>LVX-RESULT</c> lines written by scripts/guest/init.
/// </summary>
internal sealed partial record GuestConsole(string Vm, long TargetMib, long WrittenMib, string? Result)
{
    /// <summary>Reads every <c>NAME.console</c> file of <paramref name="directory"/>.</summary>
    public static IReadOnlyList<GuestConsole> ReadAll(string? directory)
    {
        if (directory is null || !Directory.Exists(directory))
        {
            return [];
        }

        var consoles = new List<GuestConsole>();
        foreach (var path in Directory.EnumerateFiles(directory, "*.console").Order(StringComparer.Ordinal))
        {
            consoles.Add(Parse(Path.GetFileNameWithoutExtension(path), ReadShared(path)));
        }

        return consoles;
    }

    /// <summary>Parses one console's text.</summary>
    public static GuestConsole Parse(string vm, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        long target = 0, written = 0;
        string? result = null;
        foreach (var raw in text.Split('\n'))
        {
            // The firmware's terminal escapes can share a line with the guest's first output.
            var start = raw.IndexOf("LVX-", StringComparison.Ordinal);
            if (start < 0)
            {
                continue;
            }

            var line = raw[start..].TrimEnd('\r');
            if (line.StartsWith("LVX-BOOT", StringComparison.Ordinal) && WritePattern().Match(line) is { Success: true } boot)
            {
                target = long.Parse(boot.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("LVX-PROGRESS", StringComparison.Ordinal) && WrittenPattern().Match(line) is { Success: true } progress)
            {
                written = long.Parse(progress.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("LVX-RESULT ", StringComparison.Ordinal))
            {
                result = line["LVX-RESULT ".Length..].Trim();
            }
        }

        return new GuestConsole(vm, target, written, result);
    }

    private static string ReadShared(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    [GeneratedRegex(@"\bwrite_mib=(\d+)")]
    private static partial Regex WritePattern();

    [GeneratedRegex(@"\bwritten_mib=(\d+)")]
    private static partial Regex WrittenPattern();
}
