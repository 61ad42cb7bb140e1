namespace Spm.Coordinator.Extension;

/// <summary>How a run of <see cref="ExtendPipeline"/> ended.</summary>
internal enum PipelineOutcomeKind : byte
{
    /// <summary>lvextend ran and the LV has the requested size.</summary>
    Done = 1,

    /// <summary>The LV already had the requested size: success without lvextend.</summary>
    AlreadyLargeEnough = 2,

    /// <summary>Refused (see <see cref="PipelineOutcome.Rejection"/>).</summary>
    Rejected = 3,

    /// <summary>The VG lacks free extents: kept waiting, not answered (mailbox requests only).</summary>
    WaitingForSpace = 4,

    /// <summary>lvextend failed for another reason than space, or an admin request found no space.</summary>
    Failed = 5,

    /// <summary>The term ended (fenced out, no lease left): nothing more is done for it in this term.</summary>
    TermEnded = 6,
}

/// <summary>The result of one pipeline run.</summary>
/// <param name="Kind">How it ended.</param>
/// <param name="RequestId">The audit row, when recorded.</param>
/// <param name="Rejection">Why it was refused.</param>
/// <param name="Reason">The audit reason text (rejection detail, failure, "already large enough").</param>
/// <param name="SizeBeforeBytes">The LV size before, when known.</param>
/// <param name="SizeAfterBytes">The LV size after (done).</param>
/// <param name="Answered">Whether a reply was written to the host's slot.</param>
internal sealed record PipelineOutcome(
    PipelineOutcomeKind Kind,
    long? RequestId,
    Rejection? Rejection,
    string? Reason,
    long? SizeBeforeBytes,
    long? SizeAfterBytes,
    bool Answered)
{
    public static PipelineOutcome TermEnded { get; } = new(PipelineOutcomeKind.TermEnded, null, null, null, null, null, false);
}
