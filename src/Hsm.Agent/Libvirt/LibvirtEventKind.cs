namespace Hsm.Agent.Libvirt;

/// <summary>What a <see cref="LibvirtEvent"/> reports.</summary>
internal enum LibvirtEventKind
{
    /// <summary>VIR_DOMAIN_EVENT_ID_LIFECYCLE: <see cref="LibvirtEvent.Code"/> is the event, <see cref="LibvirtEvent.Detail"/> the detail.</summary>
    Lifecycle,

    /// <summary>VIR_DOMAIN_EVENT_ID_BLOCK_THRESHOLD.</summary>
    BlockThreshold,

    /// <summary>VIR_DOMAIN_EVENT_ID_IO_ERROR_REASON: <see cref="LibvirtEvent.Code"/> is the action.</summary>
    IoErrorReason,

    /// <summary>The connection closed (libvirtd stopped, keepalive timeout): <see cref="LibvirtEvent.Code"/> is the reason.</summary>
    ConnectionClosed,
}
