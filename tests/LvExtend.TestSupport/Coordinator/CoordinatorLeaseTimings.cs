namespace LvExtend.TestSupport.Coordinator;

/// <summary>The lease timings (<c>Coordinator:Lease:*</c>); a null one keeps the coordinator's default.</summary>
public sealed record CoordinatorLeaseTimings
{
    /// <summary>The lease's time to live.</summary>
    public TimeSpan? Ttl { get; init; }

    /// <summary>How often the leader renews.</summary>
    public TimeSpan? RenewInterval { get; init; }

    /// <summary>How often a standby tries to take the lease.</summary>
    public TimeSpan? AcquireInterval { get; init; }

    /// <summary>How long before the lease's end the leader stops mutating.</summary>
    public TimeSpan? SafetyMargin { get; init; }
}
