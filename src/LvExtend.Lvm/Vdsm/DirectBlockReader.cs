using System.Runtime.InteropServices;
using Shared.Mailbox;
using Shared.Mailbox.Internal;

namespace LvExtend.Lvm.Vdsm;

/// <summary>
/// Reads whole 4096-byte blocks of a block device or file with direct I/O, read-only, through the same O_DIRECT
/// open (<see cref="NativeFile"/>) and aligned buffers (<see cref="MailboxBuffer"/>) the mailbox device uses: what
/// it returns is what is on the storage, not a stale page cache. Never writes.
/// </summary>
internal static class DirectBlockReader
{
    /// <summary>The I/O unit: every offset and length is a multiple of it.</summary>
    public const int BlockSize = MailboxLayout.BlockSize;

    /// <summary>Reads <paramref name="destination"/>.Length bytes (a multiple of 4096) at <paramref name="offset"/> (4096-aligned).</summary>
    /// <exception cref="IOException">The device cannot be opened with O_DIRECT, or the read fails or comes back short.</exception>
    public static void Read(string path, long offset, Span<byte> destination)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (offset % BlockSize != 0 || destination.Length % BlockSize != 0 || destination.IsEmpty)
        {
            throw new ArgumentException($"direct reads take whole {BlockSize}-byte blocks at aligned offsets (offset {offset}, {destination.Length} bytes)");
        }

        using var handle = NativeFile.TryOpen(path, writable: false, direct: true, out var errno)
            ?? throw new IOException($"cannot open {path} for direct reading: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
        using var buffer = new MailboxBuffer(destination.Length / BlockSize);
        var aligned = buffer.Span;
        var done = 0;
        while (done < aligned.Length)
        {
            var n = RandomAccess.Read(handle, aligned[done..], offset + done);
            if (n <= 0)
            {
                throw new IOException($"short read of {path} at byte {offset + done}: the device ends there");
            }

            done += n;
        }

        aligned.CopyTo(destination);
    }
}
