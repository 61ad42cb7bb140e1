using LvExtend.Lvm.Vdsm;
using Spm.Coordinator.Options;

namespace Spm.Coordinator.Extension;

/// <summary>Log events (ids of the 1401-1449 range of the extend path).</summary>
internal sealed partial class VolumeGroupState
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1408, EventName = "VgReadFailed", Level = LogLevel.Warning,
            Message = "Reading the VG {VolumeGroup} failed: {Reason}")]
        public static partial void VgReadFailed(ILogger logger, string volumeGroup, string reason);

        [LoggerMessage(EventId = 1415, EventName = "VdsmCapacityUnknown", Level = LogLevel.Warning,
            Message = "The capacity of {VolumeGroup}/{LvName} (volume {VolumeId}) cannot be read from vdsm's metadata ({Status}: {Reason}); UnknownCapacity = {Policy}")]
        public static partial void CapacityUnknown(
            ILogger logger, string volumeGroup, string lvName, Guid volumeId, VdsmCapacityStatus status, string reason, UnknownCapacityPolicy policy);
    }
}
