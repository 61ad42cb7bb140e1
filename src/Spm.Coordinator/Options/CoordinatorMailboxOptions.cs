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

    /// <summary>How often the doorbell (block 0) is read.</summary>
    public TimeSpan EventInterval { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>How often every host block is read, for hosts that don't ring the doorbell.</summary>
    public TimeSpan FullScanInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary><c>Direct</c> (O_DIRECT, production) or <c>BufferedWithFsync</c> (development on tmpfs).</summary>
    public MailboxIoMode IoMode { get; set; } = MailboxIoMode.Direct;
}
