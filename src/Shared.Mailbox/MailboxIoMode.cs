namespace Shared.Mailbox;

/// <summary>How a <see cref="MailboxDevice"/> reaches the storage. The values are frozen.</summary>
public enum MailboxIoMode
{
    /// <summary>O_DIRECT with 4 KiB-aligned buffers: what shared block storage needs (default).</summary>
    Direct = 0,

    /// <summary>
    /// Page-cache I/O with an fsync after every write: only for development on file systems without direct
    /// I/O. Never chosen automatically. Not safe across hosts on shared storage.
    /// </summary>
    BufferedWithFsync = 1,
}
