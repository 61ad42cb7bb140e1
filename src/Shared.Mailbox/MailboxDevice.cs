using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Shared.Mailbox.Internal;

namespace Shared.Mailbox;

/// <summary>
/// One mailbox file or block device (inbox or outbox), opened with O_DIRECT: whole 4096-byte blocks at block
/// offsets, from and into <see cref="MailboxBuffer"/> memory, in single pread/pwrite calls. No child processes.
/// Thread-safe (positional I/O). <see cref="MailboxIoMode.BufferedWithFsync"/> only when asked for.
/// </summary>
public sealed class MailboxDevice : IDisposable
{
    private readonly SafeFileHandle _handle;

    private MailboxDevice(string path, SafeFileHandle handle, MailboxIoMode ioMode, bool writable)
    {
        Path = path;
        _handle = handle;
        IoMode = ioMode;
        Writable = writable;
        Length = NativeFile.GetLength(handle);
    }

    /// <summary>The path it was opened with.</summary>
    public string Path { get; }

    /// <summary>Direct (default) or buffered with fsync.</summary>
    public MailboxIoMode IoMode { get; }

    /// <summary>Opened for writing.</summary>
    public bool Writable { get; }

    /// <summary>Size in bytes when opened.</summary>
    public long Length { get; }

    /// <summary>Whole blocks available.</summary>
    public long BlockCount => Length / MailboxLayout.BlockSize;

    /// <summary>
    /// Opens an existing file or block device. Never creates it.
    /// </summary>
    /// <exception cref="FileNotFoundException">The path does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">Permission denied.</exception>
    /// <exception cref="IOException">The path cannot do direct I/O (the message suggests
    /// <see cref="MailboxIoMode.BufferedWithFsync"/>), or another open error.</exception>
    public static MailboxDevice Open(string path, MailboxIoMode ioMode, bool writable)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The mailbox device needs Linux (O_DIRECT).");
        }

        var direct = ioMode == MailboxIoMode.Direct;
        var handle = NativeFile.TryOpen(path, writable, direct, out var errno);
        if (handle is null)
        {
            var error = Marshal.GetPInvokeErrorMessage(errno);
            throw errno switch
            {
                NativeFile.ENOENT => new FileNotFoundException($"The mailbox {path} does not exist.", path),
                NativeFile.EACCES or NativeFile.EPERM => new UnauthorizedAccessException(
                    $"Cannot open the mailbox {path} for {(writable ? "reading and writing" : "reading")}: {error}."),
                NativeFile.EINVAL when direct => new IOException(
                    $"The mailbox {path} does not support direct I/O (O_DIRECT: {error}); it is probably on tmpfs or a "
                    + $"similar file system. Put it on a block device or a disk-backed file system, or, for development "
                    + $"only, set the I/O mode to {nameof(MailboxIoMode.BufferedWithFsync)}."),
                NativeFile.EISDIR => new IOException($"The mailbox {path} is a directory."),
                _ => new IOException($"Cannot open the mailbox {path}: {error} (errno {errno})."),
            };
        }

        try
        {
            return new MailboxDevice(path, handle, ioMode, writable);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Throws unless blocks 0..<paramref name="lastBlock"/> exist.</summary>
    /// <exception cref="IOException">The file or device is too small.</exception>
    public void EnsureBlocks(long lastBlock, string why)
    {
        var needed = (lastBlock + 1) * MailboxLayout.BlockSize;
        if (Length < needed)
        {
            throw new IOException(string.Create(CultureInfo.InvariantCulture,
                $"The mailbox {Path} is {Length} bytes; {why} needs at least {needed} bytes ({lastBlock + 1} blocks of 4096)."));
        }
    }

    /// <summary>Reads <c>destination.Length / 4096</c> blocks starting at block <paramref name="firstBlock"/>, in one call.</summary>
    /// <exception cref="IOException">The read failed or came back short.</exception>
    public void Read(long firstBlock, Span<byte> destination)
    {
        CheckRange(firstBlock, destination.Length);
        CheckAligned(destination);
        var offset = firstBlock * MailboxLayout.BlockSize;
        var done = 0;
        try
        {
            while (done < destination.Length)
            {
                var n = RandomAccess.Read(_handle, destination[done..], offset + done);
                if (n <= 0)
                {
                    break;
                }

                done += n;
            }
        }
        catch (IOException ex)
        {
            throw Failed("Reading", destination.Length, offset, ex);
        }

        CheckComplete(done, destination.Length, offset);
    }

    /// <summary>Asynchronous <see cref="Read"/>.</summary>
    public async ValueTask ReadAsync(long firstBlock, Memory<byte> destination, CancellationToken cancellationToken)
    {
        CheckRange(firstBlock, destination.Length);
        CheckAligned(destination.Span);
        var offset = firstBlock * MailboxLayout.BlockSize;
        var done = 0;
        try
        {
            while (done < destination.Length)
            {
                var n = await RandomAccess.ReadAsync(_handle, destination[done..], offset + done, cancellationToken);
                if (n <= 0)
                {
                    break;
                }

                done += n;
            }
        }
        catch (IOException ex)
        {
            throw Failed("Reading", destination.Length, offset, ex);
        }

        CheckComplete(done, destination.Length, offset);
    }

    /// <summary>Writes <c>source.Length / 4096</c> whole blocks at block <paramref name="firstBlock"/>, in one call.</summary>
    /// <exception cref="IOException">The write failed.</exception>
    public void Write(long firstBlock, ReadOnlySpan<byte> source)
    {
        CheckWritable();
        CheckRange(firstBlock, source.Length);
        CheckAligned(source);
        var offset = firstBlock * MailboxLayout.BlockSize;
        try
        {
            RandomAccess.Write(_handle, source, offset);
            if (IoMode == MailboxIoMode.BufferedWithFsync)
            {
                NativeFile.DataSync(_handle);
            }
        }
        catch (IOException ex)
        {
            throw Failed("Writing", source.Length, offset, ex);
        }
    }

    /// <summary>Asynchronous <see cref="Write"/>.</summary>
    public async ValueTask WriteAsync(long firstBlock, ReadOnlyMemory<byte> source, CancellationToken cancellationToken)
    {
        CheckWritable();
        CheckRange(firstBlock, source.Length);
        CheckAligned(source.Span);
        var offset = firstBlock * MailboxLayout.BlockSize;
        try
        {
            await RandomAccess.WriteAsync(_handle, source, offset, cancellationToken);
            if (IoMode == MailboxIoMode.BufferedWithFsync)
            {
                NativeFile.DataSync(_handle);
            }
        }
        catch (IOException ex)
        {
            throw Failed("Writing", source.Length, offset, ex);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _handle.Dispose();

    /// <inheritdoc />
    public override string ToString() => $"{Path} ({IoMode})";

    private void CheckWritable()
    {
        if (!Writable)
        {
            throw new InvalidOperationException($"The mailbox {Path} was opened read-only.");
        }
    }

    private unsafe void CheckAligned(ReadOnlySpan<byte> memory)
    {
        if (IoMode == MailboxIoMode.Direct
            && (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(memory)) % MailboxLayout.BlockSize != 0)
        {
            throw new ArgumentException(
                $"Direct I/O on {Path} needs memory aligned to 4096 bytes: use a {nameof(MailboxBuffer)}.");
        }
    }

    private static void CheckRange(long firstBlock, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstBlock);
        if (length <= 0 || length % MailboxLayout.BlockSize != 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"I/O must cover whole 4096-byte blocks; got {length} bytes."));
        }
    }

    private void CheckComplete(int done, int length, long offset)
    {
        if (done != length)
        {
            throw new IOException(string.Create(CultureInfo.InvariantCulture,
                $"Read {done} bytes instead of {length} at offset {offset} of the mailbox {Path} (it is {Length} bytes)."));
        }
    }

    private IOException Failed(string verb, int length, long offset, IOException inner)
    {
        var hint = IoMode == MailboxIoMode.Direct
            && (inner.HResult == NativeFile.EINVAL || inner.Message.Contains("Invalid argument", StringComparison.OrdinalIgnoreCase))
            ? $" Direct I/O needs 4096-byte aligned buffers ({nameof(MailboxBuffer)}) and a file system that supports it."
            : string.Empty;
        return new IOException(string.Create(CultureInfo.InvariantCulture,
            $"{verb} {length} bytes at offset {offset} of the mailbox {Path} failed: {inner.Message}{hint}"), inner);
    }
}
