using System.Runtime.InteropServices;

namespace Hsm.Agent.Libvirt.Interop;

/// <summary><c>struct _virDomainStatsRecord { virDomainPtr dom; virTypedParameterPtr params; int nparams; }</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct DomainStatsRecord
{
    public nint Domain;
    public TypedParameter* Parameters;
    public int ParameterCount;
}
