using System.Runtime.InteropServices;

namespace Hsm.Agent.Libvirt.Interop;

/// <summary>
/// The libvirt C entry points the agent uses (libvirt.so.0; signatures from libvirt-host.h,
/// libvirt-domain.h, libvirt-event.h and virterror.h of libvirt 9.0). Strings are UTF-8; a returned
/// <c>char*</c> the caller owns is freed with <see cref="NativeMemory.Free(void*)"/> (libc free).
/// </summary>
internal static unsafe partial class LibvirtNative
{
    /// <summary>The shared library name (Debian package libvirt0).</summary>
    public const string Library = "libvirt.so.0";

    /// <summary>VIR_UUID_STRING_BUFLEN.</summary>
    public const int UuidStringLength = 37;

    [LibraryImport(Library, EntryPoint = "virInitialize")]
    public static partial int Initialize();

    [LibraryImport(Library, EntryPoint = "virSetErrorFunc")]
    public static partial void SetErrorFunc(nint userData, delegate* unmanaged[Cdecl]<nint, nint, void> handler);

    [LibraryImport(Library, EntryPoint = "virGetLastErrorMessage")]
    public static partial nint GetLastErrorMessage();

    [LibraryImport(Library, EntryPoint = "virGetLastErrorCode")]
    public static partial int GetLastErrorCode();

    [LibraryImport(Library, EntryPoint = "virEventRegisterDefaultImpl")]
    public static partial int EventRegisterDefaultImpl();

    [LibraryImport(Library, EntryPoint = "virEventRunDefaultImpl")]
    public static partial int EventRunDefaultImpl();

    [LibraryImport(Library, EntryPoint = "virEventAddTimeout")]
    public static partial int EventAddTimeout(int frequencyMs, delegate* unmanaged[Cdecl]<int, nint, void> callback, nint opaque, nint freeCallback);

    [LibraryImport(Library, EntryPoint = "virConnectOpen", StringMarshalling = StringMarshalling.Utf8)]
    public static partial ConnectHandle ConnectOpen(string name);

    [LibraryImport(Library, EntryPoint = "virConnectClose")]
    public static partial int ConnectClose(nint connection);

    [LibraryImport(Library, EntryPoint = "virConnectSetKeepAlive")]
    public static partial int ConnectSetKeepAlive(ConnectHandle connection, int interval, uint count);

    [LibraryImport(Library, EntryPoint = "virConnectIsAlive")]
    public static partial int ConnectIsAlive(ConnectHandle connection);

    [LibraryImport(Library, EntryPoint = "virConnectRegisterCloseCallback")]
    public static partial int ConnectRegisterCloseCallback(
        ConnectHandle connection, delegate* unmanaged[Cdecl]<nint, int, nint, void> callback, nint opaque, nint freeCallback);

    [LibraryImport(Library, EntryPoint = "virConnectUnregisterCloseCallback")]
    public static partial int ConnectUnregisterCloseCallback(ConnectHandle connection, delegate* unmanaged[Cdecl]<nint, int, nint, void> callback);

    /// <summary><c>virConnectDomainEventRegisterAny(conn, dom, eventID, cb, opaque, freecb)</c>; the callback type depends on the event id.</summary>
    [LibraryImport(Library, EntryPoint = "virConnectDomainEventRegisterAny")]
    public static partial int ConnectDomainEventRegisterAny(
        ConnectHandle connection, nint domain, int eventId, nint callback, nint opaque, nint freeCallback);

    [LibraryImport(Library, EntryPoint = "virConnectDomainEventDeregisterAny")]
    public static partial int ConnectDomainEventDeregisterAny(ConnectHandle connection, int callbackId);

    /// <summary><c>int virConnectListAllDomains(virConnectPtr, virDomainPtr **domains, unsigned int flags)</c>.</summary>
    [LibraryImport(Library, EntryPoint = "virConnectListAllDomains")]
    public static partial int ConnectListAllDomains(ConnectHandle connection, out nint* domains, uint flags);

    /// <summary><c>int virConnectGetAllDomainStats(virConnectPtr, unsigned int stats, virDomainStatsRecordPtr **retStats, unsigned int flags)</c>.</summary>
    [LibraryImport(Library, EntryPoint = "virConnectGetAllDomainStats")]
    public static partial int ConnectGetAllDomainStats(ConnectHandle connection, uint stats, out DomainStatsRecord** records, uint flags);

    [LibraryImport(Library, EntryPoint = "virDomainStatsRecordListFree")]
    public static partial void DomainStatsRecordListFree(DomainStatsRecord** records);

    [LibraryImport(Library, EntryPoint = "virDomainLookupByUUIDString", StringMarshalling = StringMarshalling.Utf8)]
    public static partial DomainHandle DomainLookupByUuidString(ConnectHandle connection, string uuid);

    [LibraryImport(Library, EntryPoint = "virDomainFree")]
    public static partial int DomainFree(nint domain);

    [LibraryImport(Library, EntryPoint = "virDomainGetName")]
    public static partial nint DomainGetName(nint domain);

    [LibraryImport(Library, EntryPoint = "virDomainGetUUIDString")]
    public static partial int DomainGetUuidString(nint domain, byte* buffer);

    [LibraryImport(Library, EntryPoint = "virDomainGetXMLDesc")]
    public static partial nint DomainGetXmlDesc(DomainHandle domain, uint flags);

    [LibraryImport(Library, EntryPoint = "virDomainGetState")]
    public static partial int DomainGetState(DomainHandle domain, out int state, out int reason, uint flags);

    [LibraryImport(Library, EntryPoint = "virDomainResume")]
    public static partial int DomainResume(DomainHandle domain);

    [LibraryImport(Library, EntryPoint = "virDomainSetBlockThreshold", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int DomainSetBlockThreshold(DomainHandle domain, string device, ulong threshold, uint flags);
}
