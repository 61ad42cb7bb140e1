namespace Spm.Coordinator.Extension;

/// <summary>Log events of the term's mailbox (1451-1453, 1463-1465).</summary>
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

        [LoggerMessage(EventId = 1463, EventName = "OutboxZeroingRefused", Level = LogLevel.Warning,
            Message = "Epoch {Epoch}: not zeroing the outbox with {RemainingMs:F0} ms of lease left (at least {MarginMs:F0} ms needed); the term does not start")]
        public static partial void ZeroingRefused(ILogger logger, long epoch, double remainingMs, double marginMs);

        [LoggerMessage(EventId = 1464, EventName = "ReplyRefused", Level = LogLevel.Warning,
            Message = "Epoch {Epoch}: the reply to host {HostId} slot {Slot} was not written, less than {MarginMs:F0} ms of lease left; the term ends and the next one serves the request")]
        public static partial void ReplyRefused(ILogger logger, long epoch, int hostId, int slot, double marginMs);

        [LoggerMessage(EventId = 1465, EventName = "MailboxLoopFailed", Level = LogLevel.Critical,
            Message = "Epoch {Epoch}: the manager mailbox loop failed; the term ends")]
        public static partial void MailboxLoopFailed(ILogger logger, long epoch, Exception exception);
    }
}
