namespace Hsm.Agent.Activation;

/// <summary>The lvm backend needs device-mapper and this host's kernel has none: use the loop backend.</summary>
internal sealed class DeviceMapperUnavailableException : VolumeActivationException
{
    public DeviceMapperUnavailableException(string command, string detail)
        : base($"device-mapper is not available on this host ({command}: {detail}); set Agent:Activation:Backend=Loop on hosts without device-mapper")
    {
        Command = command;
    }

    /// <summary>The command that needed device-mapper.</summary>
    public string Command { get; }
}
