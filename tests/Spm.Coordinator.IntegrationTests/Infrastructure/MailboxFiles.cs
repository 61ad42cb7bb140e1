using LvExtend.TestSupport;
using Shared.Mailbox;

namespace Spm.Coordinator.IntegrationTests.Infrastructure;

/// <summary>
/// An inbox and an outbox file for <see cref="MaxHosts"/> hosts on a disk-backed directory (/tmp/lvx-* when /tmp is
/// not tmpfs, else /var/tmp/lvx-*), so that O_DIRECT works.
/// </summary>
internal sealed class MailboxFiles : IDisposable
{
    public const int MaxHosts = 8;

    private MailboxFiles(string directory)
    {
        Directory = directory;
        InboxPath = Path.Combine(directory, "inbox");
        OutboxPath = Path.Combine(directory, "outbox");
        foreach (var path in new[] { InboxPath, OutboxPath })
        {
            using var file = File.Create(path);
            file.SetLength((MaxHosts + 1L) * MailboxLayout.BlockSize);
        }
    }

    public string Directory { get; }

    public string InboxPath { get; }

    public string OutboxPath { get; }

    public static MailboxFiles Create()
    {
        var baseDirectory = IsTmpfs("/tmp") ? "/var/tmp" : "/tmp";
        var directory = Path.Combine(baseDirectory, "lvx-mbx-" + TestPaths.RandomSuffix());
        System.IO.Directory.CreateDirectory(directory);
        return new MailboxFiles(directory);
    }

    /// <summary>Reads one outbox slot (what the coordinator answered).</summary>
    public byte[] ReadOutboxSlot(MessageId id)
    {
        using var file = File.OpenRead(OutboxPath);
        var slot = new byte[MailboxLayout.MessageSize];
        file.Position = id.Offset;
        file.ReadExactly(slot);
        return slot;
    }

    public void Dispose() => TestPaths.DeleteDirectoryQuietly(Directory);

    private static bool IsTmpfs(string path)
    {
        foreach (var line in File.ReadLines("/proc/mounts"))
        {
            var fields = line.Split(' ');
            if (fields.Length > 2 && fields[1] == path)
            {
                return fields[2] == "tmpfs";
            }
        }

        return false;
    }
}
