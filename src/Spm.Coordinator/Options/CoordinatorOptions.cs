namespace Spm.Coordinator.Options;

/// <summary>
/// The coordinator's configuration, section <c>Coordinator</c> (appsettings.json, environment
/// <c>Coordinator__PoolId</c>, command line <c>--Coordinator:PoolId=...</c>).
/// </summary>
internal sealed class CoordinatorOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Coordinator";

    /// <summary>
    /// This instance's name in the lease and the audit trail; default <c>hostname-pid</c>. Two running
    /// coordinators must not share it.
    /// </summary>
    public string? InstanceId { get; set; }

    /// <summary>The pool this coordinator serves: one lease, one mailbox, a set of storage domains.</summary>
    public string PoolId { get; set; } = "default";

    /// <summary>
    /// Where Kestrel serves gRPC (HTTP/2 only, cleartext): <c>http://127.0.0.1:7411</c> by default.
    /// </summary>
    public string Listen { get; set; } = "http://127.0.0.1:7411";

    /// <summary>
    /// The address other machines reach this instance's admin gRPC endpoint at (<c>http(s)://HOST:PORT</c>,
    /// e.g. through a TLS proxy). The leader writes it into the lease row; a standby names it in its NOT_LEADER
    /// errors so that clients can go to the leader. Unset: derived from <see cref="Listen"/> when that is a
    /// concrete, non-loopback IP address with a port; otherwise no address is advertised. Empty: none is advertised.
    /// </summary>
    public string? AdvertiseAddress { get; set; }

    /// <summary>The bearer token mutating admin calls must carry; none means they are refused.</summary>
    public string? AdminToken { get; set; }

    /// <summary>The manager side of the storage mailbox.</summary>
    public CoordinatorMailboxOptions Mailbox { get; set; } = new();

    /// <summary>The leadership lease.</summary>
    public LeaseOptions Lease { get; set; } = new();

    /// <summary>The storage domains (VGs) of the pool.</summary>
    public IList<DomainOptions> Domains { get; } = [];

    /// <summary>How LVM commands run.</summary>
    public LvmOptions Lvm { get; set; } = new();

    /// <summary>The extend pipeline: cap, waiting for space, queues.</summary>
    public ExtensionOptions Extension { get; set; } = new();

    /// <summary>Per-host protection: rate limit and growth budget.</summary>
    public HostLimitOptions HostLimits { get; set; } = new();

    /// <summary>Metrics and traces.</summary>
    public TelemetryOptions Telemetry { get; set; } = new();

    /// <summary>
    /// The advertised admin address in effect: <see cref="AdvertiseAddress"/> when set, else the one derived from
    /// <see cref="Listen"/>, else null (see <see cref="AdvertisedAddress"/>); null when set empty.
    /// </summary>
    public string? EffectiveAdvertiseAddress =>
        AdvertiseAddress is null ? AdvertisedAddress.FromListen(Listen)
        : AdvertisedAddress.TryNormalize(AdvertiseAddress, out var address, out _) ? address
        : null;

    /// <summary>The instance id, or <c>hostname-pid</c> when none is configured.</summary>
    public string EffectiveInstanceId =>
        string.IsNullOrWhiteSpace(InstanceId) ? $"{Environment.MachineName}-{Environment.ProcessId}" : InstanceId;
}
