namespace Shared.Mailbox;

/// <summary>Settings of the manager role (<see cref="ManagerMailbox"/>).</summary>
public sealed class ManagerMailboxOptions
{
    /// <summary>The inbox file or device (requests; read).</summary>
    public string InboxPath { get; set; } = string.Empty;

    /// <summary>The outbox file or device (replies; written).</summary>
    public string OutboxPath { get; set; } = string.Empty;

    /// <summary>Serves host ids 1..MaxHosts inclusive (the reference stops one short); up to 2000. Default 250.</summary>
    public int MaxHosts { get; set; } = 250;

    /// <summary>
    /// How often the events block (block 0, one 4 KiB read) is read while hosts are active; a change triggers a full
    /// scan. Default 1 ms (2 ms until 2026-12-02: 0.4 ms more detection p50 for about 1 % of a core less while active).
    /// </summary>
    public TimeSpan EventInterval { get; set; } = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// How often the events block is read once no host has rung for <see cref="ActiveWindow"/> (never more often
    /// than <see cref="EventInterval"/>): bounds the idle cost. The first ring switches back at once; the first request
    /// after a quiet period may wait up to this long to be seen (the reference reads its events block every 500 ms,
    /// active or not). Default 200 ms (100 ms until 2026-12-02, 20 ms before; docs/benchmarks.md, Idle phase).
    /// </summary>
    public TimeSpan IdleEventInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long after the last ring (or change found) the doorbell stays at <see cref="EventInterval"/>. Default 30 s.</summary>
    public TimeSpan ActiveWindow { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest time between full scans, for hosts that do not ring the doorbell. Default 1 s.</summary>
    public TimeSpan FullScanInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest time between full scans once no host has been active for <see cref="ActiveWindow"/> (never shorter
    /// than <see cref="FullScanInterval"/>): an unchanged inbox costs one read of all host blocks and one comparison
    /// per scan. Only hosts that do not ring wait for it (a ring is seen at the next doorbell read); the reference
    /// scans every 2 s. Default 2 s (docs/benchmarks.md, Idle phase).
    /// </summary>
    public TimeSpan IdleFullScanInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Whether a ring that names its host (our hosts' ring hint, <see cref="MailboxBlockCodec.TryDecodeRingHint"/>) has
    /// that host's block read and dispatched first, before the rest of the inbox is read and scanned as after any ring.
    /// The hint only orders the reads: a false or stale one costs one 4 KiB read. Default true (at 250 hosts it saves
    /// the read of 1 MB, about 0.8 ms, before the request is dispatched; docs/benchmarks.md).
    /// </summary>
    public bool UseRingHint { get; set; } = true;

    /// <summary>How long after a checksum failure the host block is read again. Default 5 ms.</summary>
    public TimeSpan ChecksumRetryDelay { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Handler calls running at once (requests of one host are delivered in order). Default 64.</summary>
    public int MaxConcurrentDispatch { get; set; } = 64;

    /// <summary>Direct I/O (default); buffered with fsync only for development.</summary>
    public MailboxIoMode IoMode { get; set; } = MailboxIoMode.Direct;
}
