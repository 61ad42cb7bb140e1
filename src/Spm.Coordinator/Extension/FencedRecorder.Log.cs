namespace Spm.Coordinator.Extension;

/// <summary>Log events of the fenced writes (1410, 1411).</summary>
internal sealed partial class FencedRecorder
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1410, EventName = "WriteFenced", Level = LogLevel.Warning,
            Message = "Epoch {Epoch}: the fence refused {What} (the lease is no longer ours); stepping down")]
        public static partial void Fenced(ILogger logger, long epoch, string what);

        [LoggerMessage(EventId = 1411, EventName = "StoreWriteFailed", Level = LogLevel.Warning,
            Message = "Writing to the database failed ({What}): {Reason}")]
        public static partial void StoreWriteFailed(ILogger logger, string what, string reason);
    }
}
