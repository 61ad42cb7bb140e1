using LvExtend.TestSupport;
using LvExtend.TestSupport.Mailbox;
using Shared.Mailbox.Tests.Support;

namespace Shared.Mailbox.Tests;

public sealed class MailboxDeviceTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WriteThenRead_WholeBlocks_RoundTripWithDirectIo(bool loopDevice)
    {
        using var storage = TempMailbox.Create(loopDevice);
        using var device = MailboxDevice.Open(storage.InboxPath, MailboxIoMode.Direct, writable: true);
        using var buffer = new MailboxBuffer(4);
        Assert.Equal(TempMailbox.DefaultSize, device.Length);

        for (var i = 0; i < 4; i++)
        {
            buffer.Block(i).Fill((byte)(0x40 + i));
        }

        device.Write(7, buffer.Span[..(2 * 4096)]);
        device.Write(250, buffer.Block(2));
        buffer.Span.Clear();

        device.Read(6, buffer.Span); // blocks 6..9 in one call
        Assert.False(buffer.Block(0).ContainsAnyExcept((byte)0));
        Assert.False(buffer.Block(1).ContainsAnyExcept((byte)0x40));
        Assert.False(buffer.Block(2).ContainsAnyExcept((byte)0x41));
        Assert.False(buffer.Block(3).ContainsAnyExcept((byte)0));
        Assert.Equal(0x42, storage.ReadInboxBlock(250)[4095]);
    }

    [Fact]
    public async Task ReadAsyncWriteAsync_RoundTrip()
    {
        using var storage = TempMailbox.Create();
        using var device = MailboxDevice.Open(storage.OutboxPath, MailboxIoMode.Direct, writable: true);
        using var buffer = new MailboxBuffer(2);
        buffer.Block(1).Fill(0x5A);

        await device.WriteAsync(3, buffer.Blocks(1, 1), CancellationToken.None);
        await device.ReadAsync(3, buffer.Blocks(0, 1), CancellationToken.None);

        Assert.False(buffer.Block(0).ContainsAnyExcept((byte)0x5A));
    }

    [Fact]
    public void Buffer_IsAlignedTo4096()
    {
        using var buffer = new MailboxBuffer(3);
        using var pin = buffer.Blocks(1, 2).Pin();
        unsafe
        {
            Assert.Equal(0, (long)pin.Pointer % 4096);
        }

        Assert.Equal(3 * 4096, buffer.Length);
        Assert.False(buffer.Span.ContainsAnyExcept((byte)0));
    }

    [Fact]
    public void Open_PathWithoutDirectIo_ErrorNamesThePathAndTheBufferedMode()
    {
        // procfs refuses O_DIRECT with EINVAL, as tmpfs did before Linux 6.6.
        var error = Assert.Throws<IOException>(() => MailboxDevice.Open("/proc/version", MailboxIoMode.Direct, writable: false));

        Assert.Contains("/proc/version", error.Message, StringComparison.Ordinal);
        Assert.Contains("direct I/O", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(MailboxIoMode.BufferedWithFsync), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_BufferedWithFsync_WorksWhenAskedFor()
    {
        var directory = Directory.CreateDirectory($"/dev/shm/lvx-mailbox-{TestPaths.RandomSuffix()}");
        try
        {
            var path = Path.Combine(directory.FullName, "inbox");
            File.WriteAllBytes(path, new byte[8192]);
            using var device = MailboxDevice.Open(path, MailboxIoMode.BufferedWithFsync, writable: true);
            using var buffer = new MailboxBuffer(1);
            buffer.Span.Fill(7);

            device.Write(1, buffer.Span);

            Assert.Equal(7, File.ReadAllBytes(path)[4096]);
            Assert.Equal(MailboxIoMode.BufferedWithFsync, device.IoMode);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Open_MissingFile_FileNotFound()
    {
        var error = Assert.Throws<FileNotFoundException>(() => MailboxDevice.Open("/tmp/lvx-no-such-dir/inbox", MailboxIoMode.Direct, writable: false));

        Assert.Contains("/tmp/lvx-no-such-dir/inbox", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PastTheEnd_IsAShortReadError()
    {
        using var storage = TempMailbox.Create();
        using var device = MailboxDevice.Open(storage.InboxPath, MailboxIoMode.Direct, writable: false);
        using var buffer = new MailboxBuffer(2);

        var error = Assert.Throws<IOException>(() => device.Read(device.BlockCount - 1, buffer.Span));

        Assert.Contains("instead of 8192", error.Message, StringComparison.Ordinal);
        Assert.Throws<IOException>(() => device.EnsureBlocks(device.BlockCount, "the test"));
        device.EnsureBlocks(device.BlockCount - 1, "the test");
    }

    [Fact]
    public void Read_UnalignedMemoryWithDirectIo_IsRefusedWithAHint()
    {
        using var storage = TempMailbox.Create();
        using var device = MailboxDevice.Open(storage.InboxPath, MailboxIoMode.Direct, writable: false);
        using var buffer = new MailboxBuffer(2);

        var error = Assert.Throws<ArgumentException>(() => device.Read(0, buffer.Span.Slice(512, 4096)));

        Assert.Contains(nameof(MailboxBuffer), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_ReadOnlyDevice_Throws()
    {
        using var storage = TempMailbox.Create();
        using var device = MailboxDevice.Open(storage.InboxPath, MailboxIoMode.Direct, writable: false);
        using var buffer = new MailboxBuffer(1);

        Assert.Throws<InvalidOperationException>(() => device.Write(1, buffer.Span));
        Assert.Throws<ArgumentException>(() => device.Read(1, buffer.Span[..512]));
    }
}
