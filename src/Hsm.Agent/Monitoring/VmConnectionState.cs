namespace Hsm.Agent.Monitoring;

/// <summary>The agent's connection to a VM's QMP socket.</summary>
internal enum VmConnectionState
{
    /// <summary>Connecting (first time or after the VM restarted).</summary>
    Connecting = 0,

    /// <summary>Connected and monitoring.</summary>
    Connected = 1,

    /// <summary>The socket exists but does not answer; retrying.</summary>
    Disconnected = 2,
}
