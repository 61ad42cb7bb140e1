namespace Spm.Coordinator.Admin;

/// <summary>
/// Durations of a request's phases, in seconds (null when the phase did not run): detect (mailbox
/// detection to dequeue), wait (time spent waiting for space), validate, lvextend, record (the audit
/// writes), reply (the outbox write), total (detection to reply).
/// </summary>
internal sealed record PhaseDurations(
    double? Detect,
    double? Wait,
    double? Validate,
    double? Lvextend,
    double? Record,
    double? Reply,
    double? Total)
{
    /// <summary>No phase measured.</summary>
    public static PhaseDurations None { get; } = new(null, null, null, null, null, null, null);
}
