namespace Spm.Coordinator.Extension;

/// <summary>Log events of the term runtime (1454).</summary>
internal sealed partial class TermRuntime
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1454, EventName = "WorkerFailed", Level = LogLevel.Critical,
            Message = "The {Loop} failed; ending the term")]
        public static partial void LoopFailed(ILogger logger, string loop, Exception exception);
    }
}
