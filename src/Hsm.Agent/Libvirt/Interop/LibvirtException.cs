using System.Runtime.InteropServices;
using Hsm.Agent.Monitoring;

namespace Hsm.Agent.Libvirt.Interop;

/// <summary>A libvirt call failed (the message is libvirt's own, prefixed with the call), or no connection is up.</summary>
internal sealed class LibvirtException : VmControlException
{
    public LibvirtException(string message)
        : base(message)
    {
    }

    public LibvirtException(string message, int errorCode)
        : base(message) => ErrorCode = errorCode;

    public LibvirtException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public LibvirtException()
    {
    }

    /// <summary>libvirt's <c>virErrorNumber</c> (0 when not from libvirt).</summary>
    public int ErrorCode { get; }

    /// <summary>The domain does not exist (any more).</summary>
    public bool IsNoDomain => ErrorCode == LibvirtConstants.ErrorNoDomain;

    /// <summary>An exception for the calling thread's last libvirt error.</summary>
    public static LibvirtException FromLastError(string call)
    {
        var message = Marshal.PtrToStringUTF8(LibvirtNative.GetLastErrorMessage());
        return new LibvirtException($"{call}: {(string.IsNullOrEmpty(message) ? "unknown libvirt error" : message)}", LibvirtNative.GetLastErrorCode());
    }
}
