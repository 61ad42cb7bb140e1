namespace Spm.Coordinator.Extension;

/// <summary>Log events of LVM mutations under the lease (1409).</summary>
internal sealed partial class LeasedLvm
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1409, EventName = "NoLeaseLeft", Level = LogLevel.Warning,
            Message = "No LVM mutation on {VolumeGroup}: only {RemainingMs:F0} ms of lease left; ending the term")]
        public static partial void NoLeaseLeft(ILogger logger, string volumeGroup, double remainingMs);
    }
}
