using LvExtend.TestSupport;
using LvExtend.TestSupport.Mailbox;
using Shared.Mailbox.Tests.Support;

namespace Shared.Mailbox.Tests;

public sealed class MailboxProbeTests : IDisposable
{
    private readonly string _directory = TestPaths.CreateTempDirectory("probe");

    public void Dispose() => TestPaths.DeleteDirectoryQuietly(_directory);

    [Fact]
    public void Check_LargeEnoughFile_UsableThroughDirectIo()
    {
        using var storage = TempMailbox.Create();

        var result = MailboxProbe.Check("outbox", storage.OutboxPath, MailboxIoMode.Direct, writable: true, 250, "250 hosts");

        Assert.True(result.Usable, result.Description);
        Assert.Contains("Direct", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_TooSmall_NamesTheSizeNeeded()
    {
        var path = Path.Combine(_directory, "inbox");
        File.WriteAllBytes(path, new byte[8192]);

        var result = MailboxProbe.Check("inbox", path, MailboxIoMode.Direct, writable: false, 250, "250 hosts");

        Assert.False(result.Usable);
        Assert.Contains("too small", result.Description, StringComparison.Ordinal);
        Assert.Contains("1028096", result.Description, StringComparison.Ordinal); // 251 blocks
        Assert.Contains(path, result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_Empty_SaysEmpty()
    {
        var path = Path.Combine(_directory, "inbox");
        File.WriteAllBytes(path, []);

        var result = MailboxProbe.Check("inbox", path, MailboxIoMode.Direct, writable: false, 7, "host 7");

        Assert.False(result.Usable);
        Assert.Contains("empty", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_Missing_SaysItDoesNotExist()
    {
        var path = Path.Combine(_directory, "no-such-inbox");

        var result = MailboxProbe.Check("inbox", path, MailboxIoMode.Direct, writable: true, 7, "host 7");

        Assert.False(result.Usable);
        Assert.Equal($"the mailbox inbox {path} does not exist", result.Description);
    }

    [Fact]
    public void Check_NoDirectIo_GivesTheHint()
    {
        var result = MailboxProbe.Check("outbox", "/proc/version", MailboxIoMode.Direct, writable: false, 0, "host 0");

        Assert.False(result.Usable);
        Assert.Contains(nameof(MailboxIoMode.BufferedWithFsync), result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_NotConfigured_SaysSo()
    {
        var result = MailboxProbe.Check("outbox", " ", MailboxIoMode.Direct, writable: false, 1, "host 1");

        Assert.Equal(new MailboxProbeResult(false, "the mailbox outbox is not configured"), result);
    }
}
