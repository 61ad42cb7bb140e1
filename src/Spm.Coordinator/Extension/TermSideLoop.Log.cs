namespace Spm.Coordinator.Extension;

/// <summary>Log events of the side loop (1455-1460).</summary>
internal sealed partial class TermSideLoop
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1455, EventName = "UnknownOpcode", Level = LogLevel.Warning,
            Message = "Host {HostId} slot {Slot} holds an unknown message (first bytes {Opcode}); recorded, not answered")]
        public static partial void UnknownOpcode(ILogger logger, int hostId, int slot, string opcode);

        [LoggerMessage(EventId = 1456, EventName = "RequestRefused", Level = LogLevel.Warning,
            Message = "Refused the request of host {HostId} slot {Slot} before queueing ({RejectionReason}): {Reason}")]
        public static partial void Refused(ILogger logger, int hostId, int slot, RejectionReason rejectionReason, string reason);

        [LoggerMessage(EventId = 1457, EventName = "ChecksumError", Level = LogLevel.Warning,
            Message = "The mailbox block of host {HostId} failed its checksum ({Count} times since the last record)")]
        public static partial void ChecksumErrors(ILogger logger, int hostId, int count);

        [LoggerMessage(EventId = 1459, EventName = "AuditSummarized", Level = LogLevel.Warning,
            Message = "Host {HostId}: {Count} more events of kind {Kind} recorded as one summary row (audit rate-limited)")]
        public static partial void Summarized(ILogger logger, int hostId, long count, string kind);
    }
}
