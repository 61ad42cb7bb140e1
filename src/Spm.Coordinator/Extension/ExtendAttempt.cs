namespace Spm.Coordinator.Extension;

/// <summary>What running lvextend achieved.</summary>
internal enum ExtendAttemptKind : byte
{
    Extended = 1,
    AlreadyLargeEnough = 2,
    NoSpace = 3,
    Failed = 4,

    /// <summary>Not run, or stopped: the term is over (no lease left for it).</summary>
    NotLeader = 5,
}

/// <summary>The outcome of <see cref="LeasedLvm.ExtendLvAsync"/>.</summary>
internal readonly record struct ExtendAttempt(ExtendAttemptKind Kind, long SizeAfterBytes, string? Reason, TimeSpan Duration);
