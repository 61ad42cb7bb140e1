using Shared.Mailbox;

namespace LvExtend.TestSupport.Mailbox;

/// <summary>
/// An inbox and an outbox for a test: two sparse files of <see cref="DefaultSize"/> (the reference's 16 MiB, 4096
/// blocks) in a fresh <c>&lt;TestPaths.Root&gt;/lvx-mailbox-*</c> directory, or two loop devices over such files.
/// Direct I/O must work there (checked at creation: a file system without O_DIRECT fails the test with a clear
/// message). Dispose removes everything.
/// </summary>
public sealed class TempMailbox : IDisposable
{
    /// <summary>The reference's inbox/outbox size: 16 MiB, 4096 blocks.</summary>
    public const long DefaultSize = 16L << 20;

    private readonly LoopDevice? _inboxDevice;
    private readonly LoopDevice? _outboxDevice;

    private TempMailbox(string directory, string inboxPath, string outboxPath, LoopDevice? inboxDevice, LoopDevice? outboxDevice)
    {
        Directory = directory;
        InboxPath = inboxPath;
        OutboxPath = outboxPath;
        _inboxDevice = inboxDevice;
        _outboxDevice = outboxDevice;
    }

    /// <summary>The directory holding the files (or the loop devices' backing files).</summary>
    public string Directory { get; }

    /// <summary>The inbox file or device.</summary>
    public string InboxPath { get; }

    /// <summary>The outbox file or device.</summary>
    public string OutboxPath { get; }

    /// <summary>"file" or "loop device", for test names and messages.</summary>
    public string Kind => _inboxDevice is null ? "file" : "loop device";

    /// <summary>Two sparse files of <paramref name="size"/> bytes.</summary>
    public static TempMailbox Create(long size = DefaultSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 2L * MailboxLayout.BlockSize);
        var directory = TestPaths.CreateTempDirectory("mailbox");
        try
        {
            var inbox = Path.Combine(directory, "inbox");
            var outbox = Path.Combine(directory, "outbox");
            CreateSparse(inbox, size);
            CreateSparse(outbox, size);
            RequireDirectIo(inbox);
            return new TempMailbox(directory, inbox, outbox, null, null);
        }
        catch
        {
            TestPaths.DeleteDirectoryQuietly(directory);
            throw;
        }
    }

    /// <summary>Two loop devices of <see cref="DefaultSize"/> (root and losetup required: the test fails without them).</summary>
    public static TempMailbox CreateLoopDevices()
    {
        var directory = TestPaths.CreateTempDirectory("mailbox");
        LoopDevice? inbox = null;
        try
        {
            inbox = LoopDevice.Create(DefaultSize, Path.Combine(directory, "inbox.img"));
            var outbox = LoopDevice.Create(DefaultSize, Path.Combine(directory, "outbox.img"));
            return new TempMailbox(directory, inbox.Path, outbox.Path, inbox, outbox);
        }
        catch
        {
            inbox?.Dispose();
            TestPaths.DeleteDirectoryQuietly(directory);
            throw;
        }
    }

    /// <summary>Loop devices or files.</summary>
    public static TempMailbox Create(bool loopDevices) => loopDevices ? CreateLoopDevices() : Create();

    /// <summary>Reads one 4096-byte block of the inbox with direct I/O.</summary>
    public byte[] ReadInboxBlock(int block) => ReadBlock(InboxPath, block);

    /// <summary>Reads one 4096-byte block of the outbox with direct I/O.</summary>
    public byte[] ReadOutboxBlock(int block) => ReadBlock(OutboxPath, block);

    /// <summary>Reads one 64-byte outbox slot (what the manager answered to <paramref name="id"/>).</summary>
    public byte[] ReadOutboxSlot(MessageId id) =>
        ReadOutboxBlock(id.HostId).AsSpan(id.Slot * MailboxLayout.MessageSize, MailboxLayout.MessageSize).ToArray();

    /// <summary>The whole outbox, to compare before and after.</summary>
    public byte[] ReadOutbox() => File.ReadAllBytes(OutboxPath);

    /// <summary>
    /// Writes a raw inbox block (as a foreign host would) with direct I/O and optionally rings the doorbell: as vdsm
    /// does, or naming <paramref name="ringHint"/> (any id, even a false one, as a hostile host might) when not 0.
    /// </summary>
    public void WriteInboxBlock(int block, ReadOnlySpan<byte> bytes, bool ring = true, int ringHint = 0)
    {
        WriteBlock(InboxPath, block, bytes);
        if (ring)
        {
            var events = new byte[MailboxLayout.BlockSize];
            MailboxBlockCodec.EncodeEvent(Guid.NewGuid(), ringHint, events);
            WriteBlock(InboxPath, MailboxLayout.EventsBlockIndex, events);
        }
    }

    /// <summary>Writes a raw outbox block with direct I/O.</summary>
    public void WriteOutboxBlock(int block, ReadOnlySpan<byte> bytes) => WriteBlock(OutboxPath, block, bytes);

    /// <summary>Detaches the loop devices (if any) and removes the directory.</summary>
    public void Dispose()
    {
        _inboxDevice?.Dispose();
        _outboxDevice?.Dispose();
        TestPaths.DeleteDirectoryQuietly(Directory);
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

    private static void CreateSparse(string path, long size)
    {
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        file.SetLength(size);
    }

    private static void RequireDirectIo(string path)
    {
        var probe = MailboxProbe.Check("inbox", path, MailboxIoMode.Direct, writable: true, 1, "a test mailbox");
        RequiredDependency.Require(
            probe.Usable,
            $"direct I/O (O_DIRECT) under {TestPaths.Root} ({probe.Description})",
            "Point LVX_TEST_TMP at a disk-backed directory");
    }
}
