namespace Spm.Coordinator.Admin;

/// <summary>What <c>lvx status</c> shows.</summary>
/// <param name="InstanceId">This instance.</param>
/// <param name="PoolId">The pool it serves.</param>
/// <param name="Role">Leader or standby.</param>
/// <param name="Epoch">This instance's epoch while it leads, else 0.</param>
/// <param name="LeaseHolder">Who holds the lease in the database (null when nobody ever did).</param>
/// <param name="LeaseEpoch">The lease's epoch in the database.</param>
/// <param name="LeaseExpiresAt">When the lease expires on the database clock.</param>
/// <param name="LeaseExpired">Whether it had expired when read.</param>
/// <param name="VolumeGroups">The pool's VGs.</param>
/// <param name="RequestCounts">Extend requests of the pool by state (all time).</param>
internal sealed record CoordinatorStatus(
    string InstanceId,
    string PoolId,
    CoordinatorRole Role,
    long Epoch,
    string? LeaseHolder,
    long LeaseEpoch,
    DateTimeOffset? LeaseExpiresAt,
    bool LeaseExpired,
    IReadOnlyList<VolumeGroupStatus> VolumeGroups,
    IReadOnlyList<RequestStateCount> RequestCounts);
