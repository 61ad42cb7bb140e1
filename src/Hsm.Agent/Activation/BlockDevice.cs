using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Hsm.Agent.Activation;

/// <summary>Block-device ioctls: the size (BLKGETSIZE64) and a loop device's capacity refresh (LOOP_SET_CAPACITY).</summary>
internal static partial class BlockDevice
{
    /// <summary><c>_IOR(0x12, 114, size_t)</c>.</summary>
    private const uint BlkGetSize64 = 0x80081272;

    /// <summary><c>LOOP_SET_CAPACITY</c>: re-read the backing file's size.</summary>
    private const uint LoopSetCapacity = 0x4C07;

    /// <summary>The device's size in bytes.</summary>
    public static long GetSize(string devicePath)
    {
        using var handle = Open(devicePath, FileAccess.Read);
        if (IoctlGetSize(handle, BlkGetSize64, out var size) != 0)
        {
            throw new VolumeActivationException($"BLKGETSIZE64 on {devicePath} failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return checked((long)size);
    }

    /// <summary>Makes a loop device take its backing file's current size.</summary>
    public static void SetLoopCapacity(string loopDevicePath)
    {
        using var handle = Open(loopDevicePath, FileAccess.Read);
        if (Ioctl(handle, LoopSetCapacity, 0) != 0)
        {
            throw new VolumeActivationException($"LOOP_SET_CAPACITY on {loopDevicePath} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    private static SafeFileHandle Open(string path, FileAccess access)
    {
        try
        {
            return File.OpenHandle(path, FileMode.Open, access, FileShare.ReadWrite);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new VolumeActivationException($"cannot open {path}: {ex.Message}", ex);
        }
    }

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int IoctlGetSize(SafeFileHandle fd, nuint request, out ulong size);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int Ioctl(SafeFileHandle fd, nuint request, nint argument);
}
