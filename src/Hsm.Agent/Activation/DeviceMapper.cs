namespace Hsm.Agent.Activation;

/// <summary>Whether this kernel has device-mapper (the node /dev/mapper/control may exist without a driver behind it).</summary>
internal static class DeviceMapper
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
            catch (IOException)
            {
                return false;
            }
        }
    }
}
