namespace Hsm.Agent.Libvirt;

/// <summary>One libvirt callback, copied out of the event-loop thread (libvirt's pointers are valid only during the callback).</summary>
/// <param name="Kind">Which callback.</param>
/// <param name="DomainUuid">The domain's UUID (empty for <see cref="LibvirtEventKind.ConnectionClosed"/>).</param>
/// <param name="DomainName">The domain's name.</param>
/// <param name="Code">Lifecycle event, I/O error action or close reason.</param>
/// <param name="Detail">Lifecycle detail.</param>
/// <param name="Device">Threshold: the target (<c>vda</c> or <c>vda[1]</c>); I/O error: the device alias.</param>
/// <param name="Path">The host path of the disk source.</param>
/// <param name="Reason">I/O error reason (<c>enospc</c> or empty).</param>
/// <param name="Threshold">The threshold that was crossed.</param>
/// <param name="Excess">How far the write went past it.</param>
internal sealed record LibvirtEvent(
    LibvirtEventKind Kind,
    string DomainUuid,
    string DomainName,
    int Code,
    int Detail = 0,
    string? Device = null,
    string? Path = null,
    string? Reason = null,
    long Threshold = 0,
    long Excess = 0);
