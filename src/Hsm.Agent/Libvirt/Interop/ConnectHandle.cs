using System.Runtime.InteropServices;

namespace Hsm.Agent.Libvirt.Interop;

/// <summary>A <c>virConnectPtr</c>; released with <c>virConnectClose</c>.</summary>
internal sealed class ConnectHandle : SafeHandle
{
    public ConnectHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle() => LibvirtNative.ConnectClose(handle) >= 0;
}
