using System.Runtime.InteropServices;

namespace Hsm.Agent.Libvirt.Interop;

/// <summary>
/// libvirt's default event loop, once per process: <c>virInitialize</c>, a silent error handler (errors are
/// read with <c>virGetLastErrorMessage</c>, never printed by libvirt), <c>virEventRegisterDefaultImpl</c>
/// (before any connection: keepalive and domain events need it), a 1 s wake-up timer, and a dedicated
/// background thread that runs <c>virEventRunDefaultImpl</c> for the life of the process. Domain event and
/// close callbacks run on that thread.
/// </summary>
internal static unsafe class LibvirtEventLoop
{
    private static readonly Lock Gate = new();
    private static Thread? s_thread;

    /// <summary>Starts the loop if it is not running; throws <see cref="LibvirtException"/> if libvirt cannot be initialised.</summary>
    public static void EnsureStarted()
    {
        lock (Gate)
        {
            if (s_thread is not null)
            {
                return;
            }

            try
            {
                if (LibvirtNative.Initialize() < 0)
                {
                    throw LibvirtException.FromLastError("virInitialize");
                }
            }
            catch (DllNotFoundException ex)
            {
                throw new LibvirtException($"{LibvirtNative.Library} is not installed (Debian package libvirt0): {ex.Message}", ex);
            }

            LibvirtNative.SetErrorFunc(0, &IgnoreError);
            if (LibvirtNative.EventRegisterDefaultImpl() < 0)
            {
                throw LibvirtException.FromLastError("virEventRegisterDefaultImpl");
            }

            if (LibvirtNative.EventAddTimeout(1000, &Tick, 0, 0) < 0)
            {
                throw LibvirtException.FromLastError("virEventAddTimeout");
            }

            s_thread = new Thread(Run) { IsBackground = true, Name = "libvirt-events" };
            s_thread.Start();
        }
    }

    private static void Run()
    {
        while (true)
        {
            if (LibvirtNative.EventRunDefaultImpl() < 0)
            {
                Thread.Sleep(100);
            }
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static void IgnoreError(nint userData, nint error)
    {
        // libvirt would print every error to stderr; callers read the message themselves.
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static void Tick(int timer, nint opaque)
    {
        // Wakes virEventRunDefaultImpl at least once a second.
    }
}
