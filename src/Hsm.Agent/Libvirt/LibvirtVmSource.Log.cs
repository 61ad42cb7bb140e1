namespace Hsm.Agent.Libvirt;

internal sealed partial class LibvirtVmSource
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 5600, EventName = "LibvirtConnected", Level = LogLevel.Information,
            Message = "libvirt: connected to {Uri}")]
        public static partial void Connected(ILogger logger, string uri);

        [LoggerMessage(EventId = 5601, EventName = "LibvirtConnectFailed", Level = LogLevel.Warning,
            Message = "libvirt: cannot connect to {Uri}: {Reason} (attempt {Failures}); retrying in {DelaySeconds:0.#} s")]
        public static partial void ConnectFailed(ILogger logger, string uri, string reason, int failures, double delaySeconds);

        [LoggerMessage(EventId = 5602, EventName = "LibvirtConnectionLost", Level = LogLevel.Warning,
            Message = "libvirt: connection to {Uri} lost ({Reason}); reconnecting, domains and extensions in flight are kept")]
        public static partial void ConnectionLost(ILogger logger, string uri, string reason);

        [LoggerMessage(EventId = 5603, EventName = "LibvirtDomainFound", Level = LogLevel.Information,
            Message = "{VmName}: libvirt domain {Uuid}, {DriveCount} pool drive(s)")]
        public static partial void DomainFound(ILogger logger, string vmName, string uuid, int driveCount);

        [LoggerMessage(EventId = 5604, EventName = "LibvirtDomainStopped", Level = LogLevel.Information,
            Message = "{VmName}: stopped (detail {Detail}); its drives are dropped")]
        public static partial void DomainStopped(ILogger logger, string vmName, int detail);

        [LoggerMessage(EventId = 5605, EventName = "LibvirtDomainGone", Level = LogLevel.Information,
            Message = "{VmName}: no longer running after the reconnect; its drives are dropped")]
        public static partial void DomainGone(ILogger logger, string vmName);

        [LoggerMessage(EventId = 5606, EventName = "LibvirtDomainUnreadable", Level = LogLevel.Warning,
            Message = "{VmName}: cannot read the domain: {Reason}")]
        public static partial void DomainUnreadable(ILogger logger, string vmName, string reason);

        [LoggerMessage(EventId = 5607, EventName = "LibvirtNotPoolDrive", Level = LogLevel.Information,
            Message = "{VmName}: disk {Target} ({DiskType}, {Format}) at '{Path}' is not a qcow2 block disk on a pool VG; ignored")]
        public static partial void NotPoolDrive(ILogger logger, string vmName, string target, string diskType, string format, string path);

        [LoggerMessage(EventId = 5608, EventName = "LibvirtNoPoolDrive", Level = LogLevel.Information,
            Message = "{VmName}: no pool drive ({BlockDisks} block disk(s)); the domain is listed but nothing is monitored")]
        public static partial void NoPoolDrive(ILogger logger, string vmName, int blockDisks);

        [LoggerMessage(EventId = 5609, EventName = "LibvirtDriveSizeUnknown", Level = LogLevel.Warning,
            Message = "{VmName}: cannot read the size of {Path}: {Reason}; not monitored")]
        public static partial void DriveSizeUnknown(ILogger logger, string vmName, string path, string reason);

        [LoggerMessage(EventId = 5610, EventName = "LibvirtDriveFound", Level = LogLevel.Information,
            Message = "{VmName}: monitoring {Target} at {Path} (threshold on {ThresholdTarget}, physical {Physical}, capacity {Capacity})")]
        public static partial void DriveFound(ILogger logger, string vmName, string target, string path, string thresholdTarget, long physical, long capacity);

        [LoggerMessage(EventId = 5611, EventName = "LibvirtThresholdEvent", Level = LogLevel.Debug,
            Message = "{VmName}: BLOCK_THRESHOLD on {Device}, threshold {Threshold}, excess {Excess}")]
        public static partial void ThresholdEvent(ILogger logger, string vmName, string device, long threshold, long excess);

        [LoggerMessage(EventId = 5612, EventName = "LibvirtIoError", Level = LogLevel.Information,
            Message = "{VmName}: IO_ERROR_REASON on {Path} ({Alias}), action {Action}, reason '{Reason}'")]
        public static partial void IoError(ILogger logger, string vmName, string path, string alias, int action, string reason);

        [LoggerMessage(EventId = 5613, EventName = "LibvirtUnknownDriveEvent", Level = LogLevel.Debug,
            Message = "{VmName}: {EventName} for an unmonitored drive {Device}")]
        public static partial void UnknownDriveEvent(ILogger logger, string vmName, string eventName, string device);

        [LoggerMessage(EventId = 5614, EventName = "LibvirtCheckFailed", Level = LogLevel.Warning,
            Message = "{VmName}: the periodic check failed: {Reason}")]
        public static partial void CheckFailed(ILogger logger, string vmName, string reason);
    
        [LoggerMessage(EventId = 5615, EventName = "LibvirtEventFailed", Level = LogLevel.Error,
            Message = "{VmName}: handling a {Kind} event failed; the domain stays watched")]
        public static partial void EventFailed(ILogger logger, string vmName, LibvirtEventKind kind, Exception exception);
    }
}
