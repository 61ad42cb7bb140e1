using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading.Channels;

namespace Hsm.Agent.Libvirt.Interop;

/// <summary>
/// The native callbacks (run on the libvirt event-loop thread). The opaque pointer is a sink id, not a
/// GCHandle, so a callback that races a deregistration finds no sink and does nothing. Each callback
/// copies what it needs (names, UUID, strings) and posts a <see cref="LibvirtEvent"/>; nothing blocks
/// and nothing throws into native code.
/// </summary>
internal static unsafe class LibvirtCallbacks
{
    private static readonly ConcurrentDictionary<nint, ChannelWriter<LibvirtEvent>> Sinks = new();
    private static long s_nextId;

    public static nint Lifecycle => (nint)(delegate* unmanaged[Cdecl]<nint, nint, int, int, nint, int>)&OnLifecycle;

    public static nint IoErrorReason => (nint)(delegate* unmanaged[Cdecl]<nint, nint, nint, nint, int, nint, nint, void>)&OnIoErrorReason;

    public static nint BlockThreshold => (nint)(delegate* unmanaged[Cdecl]<nint, nint, nint, nint, ulong, ulong, nint, void>)&OnBlockThreshold;

    public static delegate* unmanaged[Cdecl]<nint, int, nint, void> Close => &OnClose;

    private static long s_dropped;

    /// <summary>Events dropped because a sink was full (the periodic check and the next reconnect recover their effect).</summary>
    public static long Dropped => Interlocked.Read(ref s_dropped);

    public static nint AddSink(ChannelWriter<LibvirtEvent> writer)
    {
        var id = (nint)Interlocked.Increment(ref s_nextId);
        Sinks[id] = writer;
        return id;
    }

    public static void RemoveSink(nint id) => Sinks.TryRemove(id, out _);

    /// <summary>The UUID and name of a domain pointer valid for the duration of a callback.</summary>
    public static (string Uuid, string Name) Describe(nint domain)
    {
        var name = Marshal.PtrToStringUTF8(LibvirtNative.DomainGetName(domain)) ?? string.Empty;
        var buffer = stackalloc byte[LibvirtNative.UuidStringLength];
        var uuid = LibvirtNative.DomainGetUuidString(domain, buffer) == 0 ? Marshal.PtrToStringUTF8((nint)buffer) ?? string.Empty : string.Empty;
        return (uuid, name);
    }

    private static void Post(nint opaque, LibvirtEvent libvirtEvent)
    {
        if (Sinks.TryGetValue(opaque, out var writer) && !writer.TryWrite(libvirtEvent))
        {
            Interlocked.Increment(ref s_dropped);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnLifecycle(nint connection, nint domain, int lifecycleEvent, int detail, nint opaque)
    {
        try
        {
            var (uuid, name) = Describe(domain);
            Post(opaque, new LibvirtEvent(LibvirtEventKind.Lifecycle, uuid, name, lifecycleEvent, detail));
        }
        catch (Exception)
        {
            // Never into native code.
        }

        return 0;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnIoErrorReason(nint connection, nint domain, nint sourcePath, nint deviceAlias, int action, nint reason, nint opaque)
    {
        try
        {
            var (uuid, name) = Describe(domain);
            Post(opaque, new LibvirtEvent(LibvirtEventKind.IoErrorReason, uuid, name, action,
                Device: Marshal.PtrToStringUTF8(deviceAlias), Path: Marshal.PtrToStringUTF8(sourcePath), Reason: Marshal.PtrToStringUTF8(reason)));
        }
        catch (Exception)
        {
            // Never into native code.
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnBlockThreshold(nint connection, nint domain, nint device, nint path, ulong threshold, ulong excess, nint opaque)
    {
        try
        {
            var (uuid, name) = Describe(domain);
            Post(opaque, new LibvirtEvent(LibvirtEventKind.BlockThreshold, uuid, name, 0,
                Device: Marshal.PtrToStringUTF8(device), Path: Marshal.PtrToStringUTF8(path),
                Threshold: (long)Math.Min(threshold, long.MaxValue), Excess: (long)Math.Min(excess, long.MaxValue)));
        }
        catch (Exception)
        {
            // Never into native code.
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnClose(nint connection, int reason, nint opaque)
    {
        try
        {
            Post(opaque, new LibvirtEvent(LibvirtEventKind.ConnectionClosed, string.Empty, string.Empty, reason));
        }
        catch (Exception)
        {
            // Never into native code.
        }
    }
}
