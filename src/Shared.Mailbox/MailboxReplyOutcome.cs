namespace Shared.Mailbox;

/// <summary>What <see cref="ManagerMailbox.TryReplyAsync"/> did.</summary>
public enum MailboxReplyOutcome : byte
{
    /// <summary>The reply is on the outbox.</summary>
    Written = 0,

    /// <summary>Nothing written: the slot no longer holds that request (withdrawn or replaced).</summary>
    NotCurrent = 1,

    /// <summary>Nothing written: the mailbox is not running (stopping or stopped).</summary>
    Stopped = 2,

    /// <summary>Nothing written: the write gate refused (e.g. the lease deadline has passed).</summary>
    WriteRefused = 3,
}
