namespace Spm.Coordinator.Extension;

/// <summary>Log events of the extend pipeline (1401-1407).</summary>
internal sealed partial class ExtendPipeline
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1401, EventName = "Extended", Level = LogLevel.Information,
            Message = "Extended {VolumeGroup}/{LogicalVolume} from {SizeBefore} to {SizeAfter} bytes in {LvextendMs:F1} ms")]
        public static partial void Extended(ILogger logger, string volumeGroup, string logicalVolume, long sizeBefore, long sizeAfter, double lvextendMs);

        [LoggerMessage(EventId = 1402, EventName = "RequestRejected", Level = LogLevel.Warning,
            Message = "Rejected the request of host {HostId} slot {Slot} for volume {Volume} ({RejectionReason}): {Reason}")]
        public static partial void Rejected(ILogger logger, int hostId, int slot, Guid volume, RejectionReason rejectionReason, string reason);

        [LoggerMessage(EventId = 1403, EventName = "WaitingForSpace", Level = LogLevel.Warning,
            Message = "The request of host {HostId} slot {Slot} for {VolumeGroup}/{LogicalVolume} waits for space: {Reason}")]
        public static partial void WaitingForSpace(ILogger logger, int hostId, int slot, string volumeGroup, string logicalVolume, string reason);

        [LoggerMessage(EventId = 1404, EventName = "ExtendFailed", Level = LogLevel.Warning,
            Message = "Extending {VolumeGroup}/{LogicalVolume} failed: {Reason}")]
        public static partial void ExtendFailed(ILogger logger, string volumeGroup, string logicalVolume, string reason);

        [LoggerMessage(EventId = 1405, EventName = "RequestWithdrawn", Level = LogLevel.Information,
            Message = "The waiting request of host {HostId} slot {Slot} is dropped: {Reason}")]
        public static partial void Withdrawn(ILogger logger, int hostId, int slot, string reason);

        [LoggerMessage(EventId = 1406, EventName = "ReplyNotWritten", Level = LogLevel.Warning,
            Message = "The reply to host {HostId} slot {Slot} was not written (the slot changed or the mailbox stopped)")]
        public static partial void ReplyNotWritten(ILogger logger, int hostId, int slot);

        [LoggerMessage(EventId = 1407, EventName = "ServedAfterWaiting", Level = LogLevel.Information,
            Message = "Serving the request of host {HostId} slot {Slot} for {VolumeGroup}/{LogicalVolume} after {WaitSeconds:F1} s waiting for space")]
        public static partial void ServedAfterWaiting(ILogger logger, int hostId, int slot, string volumeGroup, string logicalVolume, double waitSeconds);
    }
}
