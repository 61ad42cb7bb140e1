using System.Security.Cryptography;

namespace Lvx.Tests.Mailbox;

/// <summary>An inbox and outbox as 16 MiB sparse files in a fresh /tmp/lvx-clitest-* directory, removed on dispose.</summary>
public sealed class TempMailbox : IDisposable
{
    public TempMailbox()
    {
        Directory = Path.Combine("/tmp", $"lvx-clitest-{RandomNumberGenerator.GetHexString(8, lowercase: true)}");
        System.IO.Directory.CreateDirectory(Directory);
        InboxPath = Path.Combine(Directory, "inbox");
        OutboxPath = Path.Combine(Directory, "outbox");
        foreach (var path in new[] { InboxPath, OutboxPath })
        {
            using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            file.SetLength(16L << 20);
        }
    }

    public string Directory { get; }

    public string InboxPath { get; }

    public string OutboxPath { get; }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: scripts/test.sh removes /tmp/lvx-* leftovers.
        }
    }
}
