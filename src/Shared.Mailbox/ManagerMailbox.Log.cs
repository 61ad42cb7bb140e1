using Microsoft.Extensions.Logging;

namespace Shared.Mailbox;

public sealed partial class ManagerMailbox
{
    /// <summary>Manager role events: 9200..9299 (also used by its scanner, outbox and dispatcher).</summary>
    internal static partial class Log
    {
        [LoggerMessage(EventId = 9200, EventName = "ManagerMailboxStarted", Level = LogLevel.Information,
            Message = "Manager mailbox started (inbox {InboxPath}, outbox {OutboxPath}, hosts 1..{MaxHosts}, {IoMode} I/O); the outbox is zeroed")]
        public static partial void Started(ILogger logger, string inboxPath, string outboxPath, int maxHosts, MailboxIoMode ioMode);

        [LoggerMessage(EventId = 9201, EventName = "ManagerMailboxStopped", Level = LogLevel.Information,
            Message = "Manager mailbox stopped")]
        public static partial void Stopped(ILogger logger);

        [LoggerMessage(EventId = 9202, EventName = "ManagerMailboxChecksumFailed", Level = LogLevel.Warning,
            Message = "Host {HostId} mailbox checksum failed twice (stored 0x{Stored:x8}, computed 0x{Computed:x8}); its requests wait for a valid block; reported once until the block changes ({ChecksumErrors} distinct bad blocks so far)")]
        public static partial void ChecksumFailed(ILogger logger, int hostId, uint stored, uint computed, long checksumErrors);

        [LoggerMessage(EventId = 9203, EventName = "ManagerMailboxChecksumRecovered", Level = LogLevel.Information,
            Message = "Host {HostId} mailbox checksum failed, then the re-read was valid (a torn write)")]
        public static partial void ChecksumRecovered(ILogger logger, int hostId);

        [LoggerMessage(EventId = 9204, EventName = "ManagerMailboxUnknownRequest", Level = LogLevel.Warning,
            Message = "Host {HostId} slot {Slot}: unknown message type (first bytes {Header}); it is recorded and not answered")]
        public static partial void UnknownRequest(ILogger logger, int hostId, int slot, string header);

        [LoggerMessage(EventId = 9205, EventName = "ManagerMailboxMalformedRequest", Level = LogLevel.Warning,
            Message = "Host {HostId} slot {Slot}: malformed extend request, treated as unknown: {Error}")]
        public static partial void MalformedRequest(ILogger logger, int hostId, int slot, string error);

        [LoggerMessage(EventId = 9206, EventName = "ManagerMailboxReplied", Level = LogLevel.Debug,
            Message = "Host {HostId} slot {Slot}: reply written, succeeded {Succeeded}")]
        public static partial void Replied(ILogger logger, int hostId, int slot, bool succeeded);

        [LoggerMessage(EventId = 9207, EventName = "ManagerMailboxWithdrawn", Level = LogLevel.Information,
            Message = "Host {HostId} slot {Slot}: an unanswered request left its slot")]
        public static partial void Withdrawn(ILogger logger, int hostId, int slot);

        [LoggerMessage(EventId = 9208, EventName = "ManagerMailboxIoFailed", Level = LogLevel.Warning,
            Message = "Manager mailbox I/O failed ({Failures} in a row), retrying in {Backoff}")]
        public static partial void IoFailed(ILogger logger, Exception exception, int failures, TimeSpan backoff);

        [LoggerMessage(EventId = 9209, EventName = "ManagerMailboxLoopFailed", Level = LogLevel.Error,
            Message = "Manager mailbox loop failed")]
        public static partial void LoopFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 9210, EventName = "ManagerMailboxHandlerFailed", Level = LogLevel.Error,
            Message = "The mailbox request handler failed ({Call}, host {HostId})")]
        public static partial void HandlerFailed(ILogger logger, Exception exception, string call, int hostId);
    
        [LoggerMessage(EventId = 9211, EventName = "ManagerMailboxChecksumStillBad", Level = LogLevel.Debug,
            Message = "Host {HostId} mailbox block unchanged since it failed its checksum; not counted again")]
        public static partial void ChecksumStillBad(ILogger logger, int hostId);

        [LoggerMessage(EventId = 9212, EventName = "ManagerMailboxChecksumHealed", Level = LogLevel.Information,
            Message = "Host {HostId} mailbox block is valid again after a checksum failure")]
        public static partial void ChecksumHealed(ILogger logger, int hostId);

        [LoggerMessage(EventId = 9213, EventName = "ManagerMailboxWriteRefused", Level = LogLevel.Warning,
            Message = "The write gate refused {What} (host {HostId}): the lease deadline has passed; nothing is written until it allows writes again")]
        public static partial void WriteRefused(ILogger logger, string what, int hostId);

        [LoggerMessage(EventId = 9214, EventName = "ManagerMailboxWriteStillRefused", Level = LogLevel.Debug,
            Message = "The write gate still refuses; host {HostId}'s block stays pending")]
        public static partial void WriteStillRefused(ILogger logger, int hostId);

        [LoggerMessage(EventId = 9215, EventName = "ManagerMailboxWritesAllowed", Level = LogLevel.Information,
            Message = "The write gate allows outbox writes again; pending blocks are written")]
        public static partial void WritesAllowedAgain(ILogger logger);
    }
}
