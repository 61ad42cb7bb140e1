namespace Spm.Coordinator.Extension;

/// <summary>Log events 1401-1449.</summary>
internal sealed partial class VolumeGroupWorker
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1401, EventName = "Extended", Level = LogLevel.Information,
            Message = "Extended {VolumeGroup}/{LogicalVolume} from {SizeBefore} to {SizeAfter} bytes in {LvextendMs:F1} ms")]
        public static partial void Extended(ILogger logger, string volumeGroup, string logicalVolume, long sizeBefore, long sizeAfter, double lvextendMs);

        [LoggerMessage(EventId = 1402, EventName = "RequestRejected", Level = LogLevel.Warning,
            Message = "Rejected the request of host {HostId} slot {Slot} for volume {Volume}: {Reason}")]
        public static partial void Rejected(ILogger logger, int hostId, int slot, Guid volume, string reason);

        [LoggerMessage(EventId = 1403, EventName = "WaitingForSpace", Level = LogLevel.Warning,
            Message = "The request of host {HostId} slot {Slot} for {VolumeGroup}/{LogicalVolume} waits for space: {Reason}")]
        public static partial void WaitingForSpace(ILogger logger, int hostId, int slot, string volumeGroup, string logicalVolume, string reason);

        [LoggerMessage(EventId = 1404, EventName = "ExtendFailed", Level = LogLevel.Error,
            Message = "lvextend of {VolumeGroup}/{LogicalVolume} failed: {Reason}")]
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

        [LoggerMessage(EventId = 1408, EventName = "VgReadFailed", Level = LogLevel.Warning,
            Message = "Reading the VG {VolumeGroup} failed: {Reason}")]
        public static partial void VgReadFailed(ILogger logger, string volumeGroup, string reason);

        [LoggerMessage(EventId = 1409, EventName = "NoLeaseLeft", Level = LogLevel.Warning,
            Message = "No lvextend of {VolumeGroup}/{LogicalVolume}: only {RemainingMs:F0} ms of lease left")]
        public static partial void NoLeaseLeft(ILogger logger, string volumeGroup, string logicalVolume, double remainingMs);

        [LoggerMessage(EventId = 1410, EventName = "WriteFenced", Level = LogLevel.Warning,
            Message = "Epoch {Epoch}: a fenced write ({What}) changed nothing; stepping down")]
        public static partial void Fenced(ILogger logger, long epoch, string what);

        [LoggerMessage(EventId = 1411, EventName = "StoreWriteFailed", Level = LogLevel.Warning,
            Message = "Writing to the database failed ({What})")]
        public static partial void StoreWriteFailed(ILogger logger, string what, Exception exception);

        [LoggerMessage(EventId = 1412, EventName = "PhysicalVolumeAdded", Level = LogLevel.Information,
            Message = "Added the PV {Device} to {VolumeGroup}; {Waiting} requests were waiting for space")]
        public static partial void PhysicalVolumeAdded(ILogger logger, string volumeGroup, string device, int waiting);

        [LoggerMessage(EventId = 1413, EventName = "RegistryReadFailed", Level = LogLevel.Warning,
            Message = "Reading the volume registry of {VolumeGroup} failed")]
        public static partial void RegistryReadFailed(ILogger logger, string volumeGroup, Exception exception);
    }
}
