namespace Spm.Coordinator.Leadership;

/// <summary>Decisions and texts for <see cref="TermEndReason"/>.</summary>
internal static class TermEndReasons
{
    /// <summary>
    /// Whether this coordinator should wait before competing again: it could not lead (start failure,
    /// fault) or was asked not to, so a healthy standby must get the lease first.
    /// </summary>
    public static bool BacksOff(TermEndReason reason) =>
        reason is TermEndReason.StartFailed or TermEndReason.Faulted or TermEndReason.SteppedDown;

    /// <summary>A short operator-facing name.</summary>
    public static string Describe(TermEndReason reason) => reason switch
    {
        TermEndReason.Shutdown => "shutdown",
        TermEndReason.LeaseLost => "the lease was lost",
        TermEndReason.DeadlinePassed => "the local lease deadline passed without a renewal",
        TermEndReason.StartFailed => "the term could not start",
        TermEndReason.SteppedDown => "stepped down on request",
        TermEndReason.Faulted => "the term failed",
        TermEndReason.DatabaseUnavailable => "the database did not answer",
        _ => "unknown",
    };
}
