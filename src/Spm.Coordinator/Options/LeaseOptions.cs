namespace Spm.Coordinator.Options;

/// <summary>The leadership lease, section <c>Coordinator:Lease</c>.</summary>
internal sealed class LeaseOptions
{
    /// <summary>
    /// How long a renewal keeps the lease on the database clock. After a leader crash (SIGKILL) a standby
    /// takes over at most this long after the leader's last renewal (see docs/coordinator.md, election).
    /// </summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the leader renews: three attempts fit in the validity (TTL - SafetyMargin).</summary>
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How often a standby tries to take an expired or released lease: a released lease (graceful stop,
    /// step-down) is taken over within this interval plus the new term's start.
    /// </summary>
    public TimeSpan AcquireInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The leader stops mutating this long before its lease could expire, measured on its own monotonic
    /// clock from the moment it sent the renewal: it covers clock-rate differences and scheduling delays.
    /// </summary>
    public TimeSpan SafetyMargin { get; set; } = TimeSpan.FromMilliseconds(500);
}
