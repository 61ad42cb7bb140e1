namespace Hsm.Agent.Monitoring;

internal sealed partial class DriveMonitor
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 5200, EventName = "ThresholdArmed", Level = LogLevel.Debug,
            Message = "{VmName}/{DriveName}: write threshold {Threshold} armed on {NodeName}")]
        public static partial void Armed(ILogger logger, string vmName, string driveName, string nodeName, long threshold);

        [LoggerMessage(EventId = 5201, EventName = "ThresholdArmFailed", Level = LogLevel.Warning,
            Message = "{VmName}/{DriveName}: setting the write threshold failed, UNSET: {Reason}")]
        public static partial void ArmFailed(ILogger logger, string vmName, string driveName, string reason);

        [LoggerMessage(EventId = 5202, EventName = "DriveExceeded", Level = LogLevel.Information,
            Message = "{VmName}/{DriveName}: EXCEEDED ({Reason}), watermark {Watermark}, physical {Physical}, threshold {Threshold}")]
        public static partial void Exceeded(ILogger logger, string vmName, string driveName, ExceededReason reason, long watermark, long physical, long threshold);

        [LoggerMessage(EventId = 5203, EventName = "DriveDisabled", Level = LogLevel.Information,
            Message = "{VmName}/{DriveName}: DISABLED, physical {Physical} is at the maximum for capacity {Capacity}")]
        public static partial void Disabled(ILogger logger, string vmName, string driveName, long physical, long capacity);

        [LoggerMessage(EventId = 5204, EventName = "ImprobableWatermark", Level = LogLevel.Error,
            Message = "{VmName}/{DriveName}: improbable watermark {Watermark} beyond the next size {NextSize} (physical {Physical}): not extending")]
        public static partial void Improbable(ILogger logger, string vmName, string driveName, long watermark, long nextSize, long physical);

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

        [LoggerMessage(EventId = 5210, EventName = "SizeUnavailable", Level = LogLevel.Warning,
            Message = "{VmName}/{DriveName}: cannot read the LV size: {Reason}")]
        public static partial void SizeUnavailable(ILogger logger, string vmName, string driveName, string reason);

        [LoggerMessage(EventId = 5211, EventName = "NoSpaceAtMaximum", Level = LogLevel.Error,
            Message = "{VmName}/{DriveName}: VM stopped on ENOSPC but the volume is at its maximum size ({Physical} bytes)")]
        public static partial void NoSpaceAtMaximum(ILogger logger, string vmName, string driveName, long physical);

        [LoggerMessage(EventId = 5212, EventName = "ExtensionLoopFailed", Level = LogLevel.Error,
            Message = "{VmName}/{DriveName}: the extension loop stopped (failure {Failures}); a check retries after the backoff")]
        public static partial void LoopFailed(ILogger logger, string vmName, string driveName, int failures, Exception exception);

        [LoggerMessage(EventId = 5213, EventName = "ExtensionAttemptThrew", Level = LogLevel.Warning,
            Message = "{VmName}/{DriveName}: the extension request threw; counted as a failed attempt")]
        public static partial void AttemptThrew(ILogger logger, string vmName, string driveName, Exception exception);

        [LoggerMessage(EventId = 5214, EventName = "ThresholdRearming", Level = LogLevel.Information,
            Message = "{VmName}/{DriveName}: write rate {RateMibps:0.#} MiB/s: moving the threshold from {OldThreshold} to {NewThreshold} bytes")]
        public static partial void Rearming(ILogger logger, string vmName, string driveName, long oldThreshold, long newThreshold, double rateMibps);

        [LoggerMessage(EventId = 5215, EventName = "ChunkChosen", Level = LogLevel.Debug,
            Message = "{VmName}/{DriveName}: adaptive chunk {ChunkMib} MiB (rate {RateMibps:0.#} MiB/s, extension p99 {P99Seconds:0.###} s, headroom {LimitMib} MiB, capped {Capped})")]
        public static partial void ChunkChosen(ILogger logger, string vmName, string driveName, long chunkMib, double rateMibps, double p99Seconds, long limitMib, bool capped);
    }
}
