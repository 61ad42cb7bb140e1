namespace Spm.Coordinator.Options;

/// <summary>The leadership lease, section <c>Coordinator:Lease</c>.</summary>
internal sealed class LeaseOptions
{
    /// <summary>How long a renewal keeps the lease on the database clock.</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>How often the leader renews (TTL/3 by default).</summary>
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a standby tries to take an expired lease.</summary>
    public TimeSpan AcquireInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The leader stops mutating this long before its lease could expire, measured on its own monotonic
    /// clock from the moment it sent the renewal: it covers clock-rate differences and scheduling delays.
    /// </summary>
    public TimeSpan SafetyMargin { get; set; } = TimeSpan.FromSeconds(1);
}
