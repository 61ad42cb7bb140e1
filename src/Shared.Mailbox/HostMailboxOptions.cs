namespace Shared.Mailbox;

/// <summary>Settings of the host role (<see cref="HostMailbox"/>): one per host id.</summary>
public sealed class HostMailboxOptions
{
    /// <summary>The inbox file or device (requests; this host writes its block here).</summary>
    public string InboxPath { get; set; } = string.Empty;

    /// <summary>The outbox file or device (replies; this host reads its block here).</summary>
    public string OutboxPath { get; set; } = string.Empty;

    /// <summary>This host's id, 1..2000: its blocks are at <c>HostId * 4096</c>.</summary>
    public int HostId { get; set; }

    /// <summary>
    /// The slowest reply-block poll while something is in flight (never when idle): after the fast window the interval
    /// is 1 % of the time since the request's write, at least <see cref="FastPollInterval"/> and at most this. Default 25 ms.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>
    /// The reply-block poll right after the host wrote its block (a request or CLEAN), when a reply is likely.
    /// 1..<see cref="PollInterval"/>; equal to it for a constant poll. Default 1 ms (a 4 KiB read).
    /// </summary>
    public TimeSpan FastPollInterval { get; set; } = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// How long after each write the host polls at <see cref="FastPollInterval"/> before backing off: it should
    /// cover a typical extension (an lvextend takes 50-100 ms). 0..1 minute. Default 300 ms.
    /// </summary>
    public TimeSpan FastPollWindow { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Requests waiting for a free slot beyond the 63 in flight; senders wait when it is full. Default 1024.</summary>
    public int QueueCapacity { get; set; } = 1024;

    /// <summary>How long stopping waits for pending CLEAN handshakes before zeroing the block anyway. Default 5 s.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether the doorbell also names this host (a ring hint in bytes 20..27 of the events block, which the reference
    /// leaves zero and never reads), so that our manager reads this host's block before the rest of the inbox. False
    /// writes the reference's events block byte for byte. Default true.
    /// </summary>
    public bool RingHint { get; set; } = true;

    /// <summary>Direct I/O (default); buffered with fsync only for development.</summary>
    public MailboxIoMode IoMode { get; set; } = MailboxIoMode.Direct;
}
