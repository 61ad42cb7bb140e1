namespace Hsm.Agent.Activation;

/// <summary>Reads loop-device state from sysfs (<c>/sys/block/loopN/loop/backing_file</c>).</summary>
internal static class LoopDevices
{
    private const string SysBlock = "/sys/block";

    /// <summary>The backing file of an attached loop device (<c>/dev/loopN</c>), or null when detached.</summary>
    public static string? BackingFileOf(string loopDevice)
    {
        var name = Path.GetFileName(loopDevice);
        if (!name.StartsWith("loop", StringComparison.Ordinal))
        {
            return null;
        }

        var file = Path.Combine(SysBlock, name, "loop", "backing_file");
        try
        {
            var text = File.ReadAllText(file).Trim();
            return text.EndsWith(" (deleted)", StringComparison.Ordinal) ? null : text;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The first loop device attached to <paramref name="backingFile"/>, or null.</summary>
    public static string? FindByBackingFile(string backingFile)
    {
        if (!Directory.Exists(SysBlock))
        {
            return null;
        }

        foreach (var entry in Directory.EnumerateDirectories(SysBlock, "loop*"))
        {
            var device = "/dev/" + Path.GetFileName(entry);
            if (string.Equals(BackingFileOf(device), backingFile, StringComparison.Ordinal))
            {
                return device;
            }
        }

        return null;
    }
}
