using System.Security.Cryptography;

namespace Shared.Mailbox.Benchmarks;

/// <summary>A 16 MiB inbox and outbox in a fresh /tmp/lvx-bench-* directory (disk-backed here), removed on dispose.</summary>
public sealed class BenchmarkFiles : IDisposable
{
    public BenchmarkFiles()
    {
        Directory = Path.Combine("/tmp", $"lvx-bench-{RandomNumberGenerator.GetHexString(8, lowercase: true)}");
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

    /// <summary>Writes a sealed block with <paramref name="requests"/> extend requests for every host 1..hosts.</summary>
    public void FillInbox(int hosts, int requests)
    {
        using var device = MailboxDevice.Open(InboxPath, MailboxIoMode.Direct, writable: true);
        using var buffer = new MailboxBuffer(hosts + 1);
        for (var hostId = 1; hostId <= hosts; hostId++)
        {
            var block = buffer.Block(hostId);
            for (var slot = 0; slot < requests; slot++)
            {
                MailboxCodec.EncodeExtend(new ExtendMessage(Guid.NewGuid(), Guid.NewGuid(), (ulong)(hostId * 100) + (ulong)slot), MailboxBlockCodec.GetSlot(block, slot));
            }

            MailboxBlockCodec.SealHostBlock(block);
        }

        device.Write(0, buffer.Span);
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
