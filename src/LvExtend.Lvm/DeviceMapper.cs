namespace LvExtend.Lvm;

/// <summary>Whether this kernel has device-mapper (the node /dev/mapper/control may exist without a driver behind it).</summary>
public static class DeviceMapper
{
    /// <summary>True when /proc/misc lists device-mapper.</summary>
    public static bool IsAvailable
    {
        get
        {
            try
            {
                return File.ReadAllText("/proc/misc").Contains("device-mapper", StringComparison.Ordinal);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }
    }

    /// <summary>True when <paramref name="result"/> is an lvm failure caused by a kernel without device-mapper.</summary>
    public static bool IsMissingIn(CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return !result.Succeeded && !IsAvailable &&
            (result.StandardError.Contains("device-mapper", StringComparison.OrdinalIgnoreCase) ||
             result.StandardError.Contains("/dev/mapper/control", StringComparison.Ordinal));
    }
}
