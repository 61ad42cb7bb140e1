namespace Hsm.Agent.Monitoring;

internal sealed partial class DriveExtensionFlow
{
    // Ids in the DriveMonitor range (AgentEventIds.DriveMonitor): the flow logs with its DriveMonitor's logger.
    private static partial class Log
    {
        [LoggerMessage(EventId = 5205, EventName = "ExtensionRequested", Level = LogLevel.Information,
            Message = "{VmName}/{DriveName}: requesting an extension from {Physical} to {RequestedBytes} bytes (watermark {Watermark}, attempt {Attempt})")]
        public static partial void Requesting(ILogger logger, string vmName, string driveName, long physical, long requestedBytes, long watermark, int attempt);

        [LoggerMessage(EventId = 5206, EventName = "ExtensionAttemptFailed", Level = LogLevel.Warning,
            Message = "{VmName}/{DriveName}: extension failed ({Reason}), failure {Failures}, retrying in {DelaySeconds:0.###} s")]
        public static partial void AttemptFailed(ILogger logger, string vmName, string driveName, string reason, int failures, double delaySeconds);

        [LoggerMessage(EventId = 5207, EventName = "ExtensionCompleted", Level = LogLevel.Information,
            Message = "{VmName}/{DriveName}: extended to {NewSize} bytes: total {TotalSeconds:0.000} s, wait {WaitSeconds:0.000}, mailbox {MailboxSeconds:0.000}, refresh {RefreshSeconds:0.000}, attempts {Attempts}, resumed {Resumed}")]
        public static partial void Completed(ILogger logger, string vmName, string driveName, long newSize, double totalSeconds, double waitSeconds,
            double mailboxSeconds, double refreshSeconds, int attempts, bool resumed);

        [LoggerMessage(EventId = 5208, EventName = "VmResumed", Level = LogLevel.Information,
            Message = "{VmName}/{DriveName}: VM was stopped on ENOSPC, resumed")]
        public static partial void Resumed(ILogger logger, string vmName, string driveName);

        [LoggerMessage(EventId = 5209, EventName = "VmResumeFailed", Level = LogLevel.Warning,
            Message = "{VmName}/{DriveName}: resuming the VM failed: {Reason}")]
        public static partial void ResumeFailed(ILogger logger, string vmName, string driveName, string reason);

        [LoggerMessage(EventId = 5212, EventName = "ExtensionLoopFailed", Level = LogLevel.Error,
            Message = "{VmName}/{DriveName}: the extension loop stopped (failure {Failures}); a check retries after the backoff")]
        public static partial void LoopFailed(ILogger logger, string vmName, string driveName, int failures, Exception exception);

        [LoggerMessage(EventId = 5213, EventName = "ExtensionAttemptThrew", Level = LogLevel.Warning,
            Message = "{VmName}/{DriveName}: the extension request threw; counted as a failed attempt")]
        public static partial void AttemptThrew(ILogger logger, string vmName, string driveName, Exception exception);
    }
}
