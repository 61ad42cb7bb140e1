using Shared.Mailbox;

namespace Spm.Coordinator.Options;

/// <summary>The manager side of the storage mailbox, section <c>Coordinator:Mailbox</c>.</summary>
internal sealed class CoordinatorMailboxOptions
{
    /// <summary>The inbox (hosts write requests, block 0 is the doorbell): a file or a block device.</summary>
    public string InboxPath { get; set; } = "";

    /// <summary>The outbox (the leader writes replies).</summary>
    public string OutboxPath { get; set; } = "";

    /// <summary>Host ids 1..MaxHosts are served (vdsm's default is 250; at most 2000).</summary>
    public int MaxHosts { get; set; } = 250;

    /// <summary>
    /// How often the doorbell (block 0) is read while hosts are active (the initial policy value); the mailbox's
    /// default, 1 ms. After <see cref="ActiveWindow"/> without a ring it is read every <see cref="IdleEventInterval"/>.
    /// </summary>
    public TimeSpan EventInterval { get; set; } = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// How often the doorbell is read while no host rang for <see cref="ActiveWindow"/> (bounds the idle cost; the
    /// first request after a quiet period may wait up to this long). Default 200 ms (the reference: 500 ms, always).
    /// </summary>
    public TimeSpan IdleEventInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long after the last ring the doorbell stays at <see cref="EventInterval"/>.</summary>
    public TimeSpan ActiveWindow { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often every host block is read, for hosts that don't ring the doorbell.</summary>
    public TimeSpan FullScanInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often every host block is read once idle (no ring for <see cref="ActiveWindow"/>), never more often than
    /// <see cref="FullScanInterval"/>; only hosts that do not ring wait for it. Default 2 s, the reference's period.
    /// </summary>
    public TimeSpan IdleFullScanInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Whether a ring that names its host (our agents' ring hint; vdsm hosts write none) has that host's block read
    /// and served first, before the rest of the inbox is read. Default true; false reads the inbox as vdsm's SPM does.
    /// </summary>
    public bool UseRingHint { get; set; } = true;

    /// <summary><c>Direct</c> (O_DIRECT, production) or <c>BufferedWithFsync</c> (development on tmpfs).</summary>
    public MailboxIoMode IoMode { get; set; } = MailboxIoMode.Direct;
}
