namespace Hsm.Agent.Activation;

internal sealed partial class LoopVolumeActivator
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 5400, EventName = "LoopAttached", Level = LogLevel.Information,
            Message = "Activated {VolumeGroup}/{LogicalVolume} on {LoopDevice} ({SizeBytes} bytes)")]
        public static partial void Attached(ILogger logger, string volumeGroup, string logicalVolume, string loopDevice, long sizeBytes);

        [LoggerMessage(EventId = 5401, EventName = "LoopRefreshed", Level = LogLevel.Debug,
            Message = "Refreshed {VolumeGroup}/{LogicalVolume} on {LoopDevice}: {SizeBytes} bytes")]
        public static partial void Refreshed(ILogger logger, string volumeGroup, string logicalVolume, string loopDevice, long sizeBytes);

        [LoggerMessage(EventId = 5402, EventName = "LoopDetached", Level = LogLevel.Information,
            Message = "Deactivated {VolumeGroup}/{LogicalVolume} ({LoopDevice} detached)")]
        public static partial void Detached(ILogger logger, string volumeGroup, string logicalVolume, string loopDevice);
    }
}
