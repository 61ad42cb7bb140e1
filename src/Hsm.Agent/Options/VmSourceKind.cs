namespace Hsm.Agent.Options;

/// <summary>Where the agent finds its VMs (<c>Agent:VmSource</c>).</summary>
internal enum VmSourceKind
{
    /// <summary>Raw QMP unix sockets <c>&lt;vm&gt;.qmp</c> in <c>Agent:VmDirectory</c> (qemu run directly).</summary>
    QmpDirectory = 0,

    /// <summary>libvirt domains on <c>Agent:Libvirt:Uri</c> (qemu owned by libvirtd).</summary>
    Libvirt = 1,
}
