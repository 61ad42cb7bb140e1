namespace Spm.Coordinator.Extension;

/// <summary>Log events of the term's mailbox (1451-1453).</summary>
internal sealed partial class TermMailbox
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1451, EventName = "MailboxStarted", Level = LogLevel.Information,
            Message = "Epoch {Epoch}: serving the mailbox (inbox {InboxPath}, outbox {OutboxPath})")]
        public static partial void MailboxStarted(ILogger logger, long epoch, string inboxPath, string outboxPath);

        [LoggerMessage(EventId = 1452, EventName = "MailboxRestartFailed", Level = LogLevel.Error,
            Message = "The manager mailbox could not restart with the new intervals: {Reason}")]
        public static partial void MailboxRestartFailed(ILogger logger, string reason);

        [LoggerMessage(EventId = 1453, EventName = "ReplyFailed", Level = LogLevel.Error,
            Message = "Writing the reply to host {HostId} slot {Slot} failed: {Reason}")]
        public static partial void ReplyFailed(ILogger logger, int hostId, int slot, string reason);
    }
}
