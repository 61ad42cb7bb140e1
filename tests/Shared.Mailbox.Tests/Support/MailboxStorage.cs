using LvExtend.TestSupport;

namespace Shared.Mailbox.Tests.Support;

/// <summary>
/// An inbox and an outbox for a test: two 16 MiB sparse files in a fresh /tmp/lvx-mailbox-* directory (a disk-backed
/// file system here; checked), or two loop devices over such files. Removed on dispose.
/// </summary>
public sealed class MailboxStorage : IDisposable
{
    /// <summary>The reference's inbox/outbox size: 16 MiB, 4096 blocks.</summary>
    public const long Size = 16L << 20;

    private readonly string _directory;
    private readonly LoopDevice? _inboxDevice;
    private readonly LoopDevice? _outboxDevice;

    private MailboxStorage(string directory, string inboxPath, string outboxPath, LoopDevice? inboxDevice, LoopDevice? outboxDevice)
    {
        _directory = directory;
        InboxPath = inboxPath;
        OutboxPath = outboxPath;
        _inboxDevice = inboxDevice;
        _outboxDevice = outboxDevice;
    }

    public string InboxPath { get; }

    public string OutboxPath { get; }

    public string Kind => _inboxDevice is null ? "file" : "loop device";

    /// <summary>Two files on the disk-backed /tmp.</summary>
    public static MailboxStorage CreateFiles()
    {
        var directory = TestPaths.CreateTempDirectory("mailbox");
        var inbox = Path.Combine(directory, "inbox");
        var outbox = Path.Combine(directory, "outbox");
        CreateSparse(inbox);
        CreateSparse(outbox);
        return new MailboxStorage(directory, inbox, outbox, null, null);
    }

    /// <summary>Two loop devices (root and losetup required: the test fails without them).</summary>
    public static MailboxStorage CreateLoopDevices()
    {
        var directory = TestPaths.CreateTempDirectory("mailbox");
        LoopDevice? inbox = null;
        try
        {
            inbox = LoopDevice.Create(Size, Path.Combine(directory, "inbox.img"));
            var outbox = LoopDevice.Create(Size, Path.Combine(directory, "outbox.img"));
            return new MailboxStorage(directory, inbox.Path, outbox.Path, inbox, outbox);
        }
        catch
        {
            inbox?.Dispose();
            TestPaths.DeleteDirectoryQuietly(directory);
            throw;
        }
    }

    public static MailboxStorage Create(bool loopDevices) => loopDevices ? CreateLoopDevices() : CreateFiles();

    /// <summary>Reads one 4096-byte block of the inbox through the page-cache-free path.</summary>
    public byte[] ReadInboxBlock(int block) => ReadBlock(InboxPath, block);

    public byte[] ReadOutboxBlock(int block) => ReadBlock(OutboxPath, block);

    /// <summary>Writes a raw inbox block (as a foreign host would) and optionally rings the doorbell.</summary>
    public void WriteInboxBlock(int block, ReadOnlySpan<byte> bytes, bool ring = true)
    {
        WriteBlock(InboxPath, block, bytes);
        if (ring)
        {
            var events = new byte[MailboxLayout.BlockSize];
            MailboxBlockCodec.EncodeEvent(Guid.NewGuid(), events);
            WriteBlock(InboxPath, MailboxLayout.EventsBlockIndex, events);
        }
    }

    public void WriteOutboxBlock(int block, ReadOnlySpan<byte> bytes) => WriteBlock(OutboxPath, block, bytes);

    public void Dispose()
    {
        _inboxDevice?.Dispose();
        _outboxDevice?.Dispose();
        TestPaths.DeleteDirectoryQuietly(_directory);
    }

    private static byte[] ReadBlock(string path, int block)
    {
        using var device = MailboxDevice.Open(path, MailboxIoMode.Direct, writable: false);
        using var buffer = new MailboxBuffer(1);
        device.Read(block, buffer.Span);
        return buffer.Span.ToArray();
    }

    private static void WriteBlock(string path, int block, ReadOnlySpan<byte> bytes)
    {
        using var device = MailboxDevice.Open(path, MailboxIoMode.Direct, writable: true);
        using var buffer = new MailboxBuffer(1);
        bytes.CopyTo(buffer.Span);
        device.Write(block, buffer.Span);
    }

    private static void CreateSparse(string path)
    {
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        file.SetLength(Size);
    }
}
