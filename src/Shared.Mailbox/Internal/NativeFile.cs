using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Shared.Mailbox.Internal;

/// <summary>The few Linux system calls .NET does not expose: open(2) with O_DIRECT, lseek(2), fdatasync(2).</summary>
internal static partial class NativeFile
{
    public const int EINVAL = 22;
    public const int ENOENT = 2;
    public const int EACCES = 13;
    public const int EPERM = 1;
    public const int EISDIR = 21;

    private const int ORdOnly = 0;
    private const int ORdWr = 2;
    private const int OCloExec = 0x80000;
    private const int SeekEnd = 2;

    /// <summary>Opens <paramref name="path"/>; returns the handle, or null with <paramref name="errno"/> set.</summary>
    public static SafeFileHandle? TryOpen(string path, bool writable, bool direct, out int errno)
    {
        var flags = (writable ? ORdWr : ORdOnly) | OCloExec | (direct ? DirectFlag : 0);
        var fd = Open(path, flags, 0);
        if (fd < 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return null;
        }

        errno = 0;
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>The size of a file or a block device (lseek to the end; st_size is 0 for block devices).</summary>
    public static long GetLength(SafeFileHandle handle)
    {
        var length = LSeek(handle, 0, SeekEnd);
        if (length < 0)
        {
            throw new IOException($"lseek failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        return length;
    }

    /// <summary>fdatasync(2); throws on failure.</summary>
    public static void DataSync(SafeFileHandle handle)
    {
        if (FDataSync(handle) != 0)
        {
            throw new IOException($"fdatasync failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
    }

    private static int DirectFlag => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 or Architecture.X86 => 0x4000,
        Architecture.Arm64 or Architecture.Arm => 0x10000,
        var other => throw new PlatformNotSupportedException($"O_DIRECT is not known for {other}."),
    };

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "lseek", SetLastError = true)]
    private static partial long LSeek(SafeFileHandle fd, long offset, int whence);

    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    private static partial int FDataSync(SafeFileHandle fd);
}
