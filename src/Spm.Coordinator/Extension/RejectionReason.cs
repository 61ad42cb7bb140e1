namespace Spm.Coordinator.Extension;

/// <summary>Why a request was refused. The audit keeps the <see cref="Rejection.Detail"/> text (column <c>reason</c>).</summary>
internal enum RejectionReason : byte
{
    /// <summary>The requested size is 0 (the failure reply would be byte-identical to the request).</summary>
    SizeZero = 1,

    /// <summary>Above the domain maximum or the pool-wide ceiling.</summary>
    AboveMaximum = 2,

    /// <summary>Above capacity x the cap factor.</summary>
    AboveCap = 3,

    /// <summary>No LV for the volume in the domain's VG.</summary>
    UnknownVolume = 4,

    /// <summary>The domain is not one of the pool's.</summary>
    UnknownDomain = 5,

    /// <summary>The host exceeded its request rate.</summary>
    RateLimited = 6,

    /// <summary>The host already has too many requests queued for this VG.</summary>
    TooManyOutstanding = 7,

    /// <summary>The host exceeded its growth budget.</summary>
    GrowthBudget = 8,

    /// <summary>The VG could not be read, so nothing can be validated.</summary>
    VolumeGroupUnreadable = 9,

    /// <summary>A vdsm block domain's volume whose capacity cannot be read from vdsm's metadata (no fallback configured).</summary>
    CapacityUnknown = 10,
}

/// <summary>A refusal: the typed reason and the one-line detail the audit and the log show.</summary>
internal sealed record Rejection(RejectionReason Reason, string Detail);
