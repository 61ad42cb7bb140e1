using Microsoft.Extensions.Logging;

namespace Shared.Mailbox;

public sealed partial class HostMailbox
{
    /// <summary>Host role events: 9100..9199 (also used by its state and loop types).</summary>
    internal static partial class Log
    {
        [LoggerMessage(EventId = 9100, EventName = "HostMailboxStarted", Level = LogLevel.Information,
            Message = "Host mailbox {HostId} started (inbox {InboxPath}, outbox {OutboxPath}, {IoMode} I/O)")]
        public static partial void Started(ILogger logger, int hostId, string inboxPath, string outboxPath, MailboxIoMode ioMode);

        [LoggerMessage(EventId = 9101, EventName = "HostMailboxStopped", Level = LogLevel.Information,
            Message = "Host mailbox {HostId} stopped; its request block is zeroed")]
        public static partial void Stopped(ILogger logger, int hostId);

        [LoggerMessage(EventId = 9102, EventName = "HostMailboxReplied", Level = LogLevel.Debug,
            Message = "Host {HostId} slot {Slot}: reply for volume {Volume} size {SizeMib} MiB, succeeded {Succeeded}")]
        public static partial void Replied(ILogger logger, int hostId, int slot, Guid volume, ulong sizeMib, bool succeeded);

        [LoggerMessage(EventId = 9103, EventName = "HostMailboxSlotFreed", Level = LogLevel.Debug,
            Message = "Host {HostId} slot {Slot}: CLEAN echoed, slot freed")]
        public static partial void SlotFreed(ILogger logger, int hostId, int slot);

        [LoggerMessage(EventId = 9104, EventName = "HostMailboxStaleReply", Level = LogLevel.Information,
            Message = "Host {HostId} slot {Slot}: ignored a reply that does not answer the request in the slot (a late reply to an earlier request)")]
        public static partial void StaleReplyIgnored(ILogger logger, int hostId, int slot);

        [LoggerMessage(EventId = 9105, EventName = "HostMailboxWithdrawn", Level = LogLevel.Information,
            Message = "Host {HostId} slot {Slot}: request for volume {Volume} cancelled; the slot is zeroed")]
        public static partial void Withdrawn(ILogger logger, int hostId, int slot, Guid volume);

        [LoggerMessage(EventId = 9106, EventName = "HostMailboxIoFailed", Level = LogLevel.Warning,
            Message = "Host mailbox {HostId}: I/O failed ({Failures} in a row), retrying in {Backoff}")]
        public static partial void IoFailed(ILogger logger, Exception exception, int hostId, int failures, TimeSpan backoff);

        [LoggerMessage(EventId = 9107, EventName = "HostMailboxLoopFailed", Level = LogLevel.Error,
            Message = "Host mailbox {HostId}: the loop failed; pending requests fail")]
        public static partial void LoopFailed(ILogger logger, Exception exception, int hostId);

        [LoggerMessage(EventId = 9108, EventName = "HostMailboxStopTimedOut", Level = LogLevel.Warning,
            Message = "Host mailbox {HostId}: {InFlight} CLEAN handshakes did not finish in time; zeroing the block anyway")]
        public static partial void StopTimedOut(ILogger logger, int hostId, int inFlight);

        [LoggerMessage(EventId = 9109, EventName = "HostMailboxStopWriteFailed", Level = LogLevel.Error,
            Message = "Host mailbox {HostId}: could not zero the request block while stopping")]
        public static partial void StopWriteFailed(ILogger logger, Exception exception, int hostId);
    }
}
