namespace Hsm.Agent.Qmp;

internal sealed partial class QmpClient
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 5100, EventName = "QmpEventDropped", Level = LogLevel.Warning,
            Message = "QMP {SocketPath}: event {EventName} dropped, the consumer lags")]
        public static partial void EventDropped(ILogger logger, string socketPath, string eventName);

        [LoggerMessage(EventId = 5101, EventName = "QmpMalformedLine", Level = LogLevel.Warning,
            Message = "QMP {SocketPath}: ignored a line that is not JSON")]
        public static partial void MalformedLine(ILogger logger, string socketPath, Exception exception);

        [LoggerMessage(EventId = 5102, EventName = "QmpUnmatchedReply", Level = LogLevel.Debug,
            Message = "QMP {SocketPath}: reply without a pending command: {Line}")]
        public static partial void UnmatchedReply(ILogger logger, string socketPath, string line);

        [LoggerMessage(EventId = 5103, EventName = "QmpClosed", Level = LogLevel.Debug,
            Message = "QMP {SocketPath}: connection closed ({Reason})")]
        public static partial void Closed(ILogger logger, string socketPath, string reason);
    }
}
