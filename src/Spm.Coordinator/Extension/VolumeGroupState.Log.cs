namespace Spm.Coordinator.Extension;

/// <summary>Log events (ids of the 1401-1449 range of the extend path).</summary>
internal sealed partial class VolumeGroupState
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1408, EventName = "VgReadFailed", Level = LogLevel.Warning,
            Message = "Reading the VG {VolumeGroup} failed: {Reason}")]
        public static partial void VgReadFailed(ILogger logger, string volumeGroup, string reason);
    }
}
