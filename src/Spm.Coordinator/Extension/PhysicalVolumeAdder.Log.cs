namespace Spm.Coordinator.Extension;

/// <summary>Log events of add-pv (1412, 1440-1441).</summary>
internal sealed partial class PhysicalVolumeAdder
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1412, EventName = "PhysicalVolumeAdded", Level = LogLevel.Information,
            Message = "Added the PV {Device} to {VolumeGroup} (force {Force}); {Waiting} requests were waiting for space")]
        public static partial void PhysicalVolumeAdded(ILogger logger, string volumeGroup, string device, bool force, int waiting);

        [LoggerMessage(EventId = 1440, EventName = "AddPvRefused", Level = LogLevel.Warning,
            Message = "add-pv {Device} to {VolumeGroup} (force {Force}) refused: {Reason}")]
        public static partial void AddPvRefused(ILogger logger, string volumeGroup, string device, bool force, string reason);

        [LoggerMessage(EventId = 1441, EventName = "DeviceNotStored", Level = LogLevel.Error,
            Message = "{VolumeGroup} grew by {Device} (reported as done), but the term ended before the device was stored in the " +
            "domain's list; this process stores it at its next term, else add it to the domain's configured PhysicalVolumes")]
        public static partial void DeviceNotStored(ILogger logger, string volumeGroup, string device);
    }
}
