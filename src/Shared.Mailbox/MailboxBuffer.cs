using System.Buffers;
using System.Runtime.InteropServices;

namespace Shared.Mailbox;

/// <summary>
/// Native memory aligned to 4096 bytes, a whole number of blocks long, zeroed at allocation: what O_DIRECT needs.
/// The only type that allocates and frees such memory. Not thread-safe; dispose it once nothing uses it.
/// </summary>
public sealed unsafe class MailboxBuffer : MemoryManager<byte>
{
    private byte* _pointer;
    private readonly int _length;

    /// <summary>Allocates <paramref name="blockCount"/> zeroed blocks.</summary>
    public MailboxBuffer(int blockCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(blockCount, int.MaxValue / MailboxLayout.BlockSize);
        _length = blockCount * MailboxLayout.BlockSize;
        _pointer = (byte*)NativeMemory.AlignedAlloc((nuint)_length, MailboxLayout.BlockSize);
        NativeMemory.Clear(_pointer, (nuint)_length);
        BlockCount = blockCount;
    }

    /// <summary>Number of 4096-byte blocks.</summary>
    public int BlockCount { get; }

    /// <summary>Length in bytes.</summary>
    public int Length => _length;

    /// <summary>The whole buffer.</summary>
    public Span<byte> Span => GetSpan();

    /// <summary>Block <paramref name="index"/> of the buffer.</summary>
    public Span<byte> Block(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, BlockCount);
        return GetSpan().Slice(index * MailboxLayout.BlockSize, MailboxLayout.BlockSize);
    }

    /// <summary><paramref name="count"/> blocks from <paramref name="index"/>, as memory for asynchronous I/O.</summary>
    public Memory<byte> Blocks(int index, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index + count, BlockCount);
        return Memory.Slice(index * MailboxLayout.BlockSize, count * MailboxLayout.BlockSize);
    }

    /// <inheritdoc />
    public override Span<byte> GetSpan()
    {
        ObjectDisposedException.ThrowIf(_pointer is null, this);
        return new Span<byte>(_pointer, _length);
    }

    /// <inheritdoc />
    public override MemoryHandle Pin(int elementIndex = 0)
    {
        ObjectDisposedException.ThrowIf(_pointer is null, this);
        ArgumentOutOfRangeException.ThrowIfNegative(elementIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(elementIndex, _length);
        return new MemoryHandle(_pointer + elementIndex);
    }

    /// <inheritdoc />
    public override void Unpin()
    {
    }

    /// <summary>Frees the native memory; the buffer must not be used afterwards.</summary>
    public void Dispose() => ((IDisposable)this).Dispose();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (_pointer is not null)
        {
            NativeMemory.AlignedFree(_pointer);
            _pointer = null;
        }
    }
}
