namespace Hsm.Agent.Monitoring;

/// <summary>Why a drive became EXCEEDED.</summary>
internal enum ExceededReason
{
    /// <summary>BLOCK_WRITE_THRESHOLD fired.</summary>
    ThresholdEvent = 0,

    /// <summary>The VM stopped on ENOSPC (BLOCK_IO_ERROR nospace).</summary>
    NoSpace = 1,

    /// <summary>The periodic check found the watermark past the limit (missed or not yet armed threshold).</summary>
    Check = 2,
}
