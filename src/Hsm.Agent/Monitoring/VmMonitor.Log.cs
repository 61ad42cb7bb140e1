namespace Hsm.Agent.Monitoring;

internal sealed partial class VmMonitor
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 5300, EventName = "VmConnected", Level = LogLevel.Information,
            Message = "{VmName}: connected, {DriveCount} pool drive(s), status {RunStatus}")]
        public static partial void Connected(ILogger logger, string vmName, int driveCount, string runStatus);

        [LoggerMessage(EventId = 5301, EventName = "VmConnectFailed", Level = LogLevel.Debug,
            Message = "{VmName}: QMP connection failed: {Reason}")]
        public static partial void ConnectFailed(ILogger logger, string vmName, string reason);

        [LoggerMessage(EventId = 5302, EventName = "VmConnectionLost", Level = LogLevel.Information,
            Message = "{VmName}: QMP connection lost ({Reason}); reconnecting while the socket exists")]
        public static partial void ConnectionLost(ILogger logger, string vmName, string reason);

        [LoggerMessage(EventId = 5303, EventName = "DriveFound", Level = LogLevel.Information,
            Message = "{VmName}: monitoring {DriveName} at {Path} (protocol node {NodeName}, physical {Physical}, capacity {Capacity})")]
        public static partial void DriveFound(ILogger logger, string vmName, string driveName, string path, string nodeName, long physical, long capacity);

        [LoggerMessage(EventId = 5304, EventName = "NoProtocolNode", Level = LogLevel.Warning,
            Message = "{VmName}: format node {NodeName} has no protocol child in query-blockstats; not monitored")]
        public static partial void NoProtocolNode(ILogger logger, string vmName, string nodeName);

        [LoggerMessage(EventId = 5305, EventName = "NotPoolDrive", Level = LogLevel.Debug,
            Message = "{VmName}: {NodeName} at {Path} is not a pool volume; not monitored")]
        public static partial void NotPoolDrive(ILogger logger, string vmName, string nodeName, string path);

        [LoggerMessage(EventId = 5306, EventName = "DriveSizeUnknown", Level = LogLevel.Warning,
            Message = "{VmName}: cannot read the size of {Path}: {Reason}; not monitored")]
        public static partial void DriveSizeUnknown(ILogger logger, string vmName, string path, string reason);

        [LoggerMessage(EventId = 5309, EventName = "PrelaunchResumed", Level = LogLevel.Information,
            Message = "{VmName}: thresholds armed, prelaunched VM started (cont)")]
        public static partial void PrelaunchResumed(ILogger logger, string vmName);
    }
}
