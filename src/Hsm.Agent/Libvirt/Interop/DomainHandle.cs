using System.Runtime.InteropServices;

namespace Hsm.Agent.Libvirt.Interop;

/// <summary>A <c>virDomainPtr</c> the caller owns; released with <c>virDomainFree</c>.</summary>
internal sealed class DomainHandle : SafeHandle
{
    public DomainHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    /// <summary>Takes ownership of a pointer returned by libvirt (for example from virConnectListAllDomains).</summary>
    public DomainHandle(nint domain)
        : base(nint.Zero, ownsHandle: true) => SetHandle(domain);

    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle() => LibvirtNative.DomainFree(handle) >= 0;
}
