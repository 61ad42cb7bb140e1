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

        [LoggerMessage(EventId = 5210, EventName = "SizeUnavailable", Level = LogLevel.Warning,
            Message = "{VmName}/{DriveName}: cannot read the LV size: {Reason}")]
        public static partial void SizeUnavailable(ILogger logger, string vmName, string driveName, string reason);

        [LoggerMessage(EventId = 5211, EventName = "NoSpaceAtMaximum", Level = LogLevel.Error,
            Message = "{VmName}/{DriveName}: VM stopped on ENOSPC but the volume is at its maximum size ({Physical} bytes)")]
        public static partial void NoSpaceAtMaximum(ILogger logger, string vmName, string driveName, long physical);

        [LoggerMessage(EventId = 5214, EventName = "ThresholdRearming", Level = LogLevel.Information,
            Message = "{VmName}/{DriveName}: write rate {RateMibps:0.#} MiB/s: moving the threshold from {OldThreshold} to {NewThreshold} bytes")]
        public static partial void Rearming(ILogger logger, string vmName, string driveName, long oldThreshold, long newThreshold, double rateMibps);

        [LoggerMessage(EventId = 5215, EventName = "ChunkChosen", Level = LogLevel.Debug,
            Message = "{VmName}/{DriveName}: adaptive chunk {ChunkMib} MiB (rate {RateMibps:0.#} MiB/s, extension latency estimate {P99Seconds:0.###} s, headroom {LimitMib} MiB, capped {Capped})")]
        public static partial void ChunkChosen(ILogger logger, string vmName, string driveName, long chunkMib, double rateMibps, double p99Seconds, long limitMib, bool capped);
    }
}
