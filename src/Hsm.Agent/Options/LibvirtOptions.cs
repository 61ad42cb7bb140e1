namespace Hsm.Agent.Options;

/// <summary>The libvirt VM source (section <c>Agent:Libvirt</c>, used when <c>Agent:VmSource</c> is <c>Libvirt</c>).</summary>
internal sealed class LibvirtOptions
{
    public const string SectionName = "Agent:Libvirt";

    /// <summary>The connection URI. Default <c>qemu:///system</c> (the agent's user must reach libvirt's socket).</summary>
    public string Uri { get; set; } = "qemu:///system";

    /// <summary>Keepalive probe interval (virConnectSetKeepAlive). Default 5 s.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Unanswered keepalive probes before the connection is closed. Default 3.</summary>
    public int KeepAliveCount { get; set; } = 3;

    /// <summary>First delay before reconnecting after the connection failed or closed. Default 0.5 s.</summary>
    public TimeSpan ReconnectInitialDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The cap of the exponential reconnect backoff. Default 30 s.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);
}
