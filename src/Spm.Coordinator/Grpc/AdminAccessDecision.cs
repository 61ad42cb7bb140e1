namespace Spm.Coordinator.Grpc;

/// <summary>The outcome of <see cref="AdminAuthorizer.Authorize"/>: allowed, or denied with a message for the caller.</summary>
internal readonly record struct AdminAccessDecision(bool Allowed, string? DenialReason)
{
    /// <summary>The call may proceed.</summary>
    public static AdminAccessDecision Allow { get; } = new(true, null);

    /// <summary>The call is refused with <paramref name="reason"/>.</summary>
    public static AdminAccessDecision Deny(string reason) => new(false, reason);
}
