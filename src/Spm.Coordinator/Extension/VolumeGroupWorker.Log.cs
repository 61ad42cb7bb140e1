namespace Spm.Coordinator.Extension;

/// <summary>Log events of the VG worker loop (1413-1414, 1416).</summary>
internal sealed partial class VolumeGroupWorker
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1413, EventName = "RegistryReadFailed", Level = LogLevel.Warning,
            Message = "Reading the volume registry of {VolumeGroup} failed: {Reason}")]
        public static partial void RegistryReadFailed(ILogger logger, string volumeGroup, string reason);

        [LoggerMessage(EventId = 1414, EventName = "QueuedRequestWithdrawn", Level = LogLevel.Debug,
            Message = "The queued request of host {HostId} slot {Slot} left its slot before it ran; not processed")]
        public static partial void QueuedWithdrawn(ILogger logger, int hostId, int slot);

        [LoggerMessage(EventId = 1416, EventName = "ExtensionFailed", Level = LogLevel.Error,
            Message = "The {What} failed with a bug; the term ends")]
        public static partial void ExtensionFailed(ILogger logger, string what, Exception exception);
    }
}
