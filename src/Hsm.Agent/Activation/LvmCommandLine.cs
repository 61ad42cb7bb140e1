namespace Hsm.Agent.Activation;

/// <summary>Builds lvm command lines restricted to the pool's PVs and recognises a missing device-mapper.</summary>
internal static class LvmCommandLine
{
    /// <summary><c>&lt;verb&gt; [--devices a,b] &lt;args&gt;</c>.</summary>
    public static List<string> Build(string verb, IReadOnlyList<string> devices, params string[] arguments)
    {
        var list = new List<string> { verb };
        if (devices.Count > 0)
        {
            list.Add("--devices");
            list.Add(string.Join(',', devices));
        }

        list.AddRange(arguments);
        return list;
    }

    /// <summary>True when lvm failed because the kernel has no device-mapper.</summary>
    public static bool IsDeviceMapperMissing(CommandResult result) =>
        !result.Succeeded && !DeviceMapper.IsAvailable &&
        (result.StandardError.Contains("device-mapper", StringComparison.OrdinalIgnoreCase) ||
         result.StandardError.Contains("/dev/mapper/control", StringComparison.Ordinal));

    /// <summary>The first meaningful stderr line, for error messages.</summary>
    public static string Summarize(CommandResult result)
    {
        var lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith("WARNING", StringComparison.Ordinal))
            .ToList();
        return lines.Count == 0 ? $"exit status {result.ExitCode}" : $"exit status {result.ExitCode}: {string.Join(" | ", lines.Take(3))}";
    }
}
