namespace Hsm.Agent.Monitoring;

internal sealed partial class QmpEventDispatcher
{
    // Ids in the VmMonitor range (AgentEventIds.VmMonitor): the dispatcher logs with its VmMonitor's logger.
    private static partial class Log
    {
        [LoggerMessage(EventId = 5307, EventName = "UnknownNodeEvent", Level = LogLevel.Debug,
            Message = "{VmName}: {EventName} for an unmonitored node {NodeName}")]
        public static partial void UnknownNodeEvent(ILogger logger, string vmName, string eventName, string nodeName);

        [LoggerMessage(EventId = 5308, EventName = "VmIoError", Level = LogLevel.Information,
            Message = "{VmName}: BLOCK_IO_ERROR on {NodeName}, nospace {NoSpace}, action {Action}: {Reason}")]
        public static partial void IoError(ILogger logger, string vmName, string nodeName, bool noSpace, string action, string reason);
    }
}
