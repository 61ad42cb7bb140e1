namespace Spm.Coordinator.Leadership;

/// <summary>A term that could not start or failed: why (typed), the operator-facing detail, and when.</summary>
internal sealed record TermFailure(long Epoch, TermEndReason Reason, string Detail, DateTimeOffset At);
