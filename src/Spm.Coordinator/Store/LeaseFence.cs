namespace Spm.Coordinator.Store;

/// <summary>
/// The identity a leader's writes carry: they change rows only while the pool's lease row still names
/// this holder with this epoch and has not expired on the database clock (<see cref="Sql"/>).
/// </summary>
/// <param name="PoolId">The pool.</param>
/// <param name="Holder">The leader's instance id.</param>
/// <param name="Epoch">The leader's epoch.</param>
internal sealed record LeaseFence(string PoolId, string Holder, long Epoch)
{
    /// <summary>
    /// A CTE named <c>fence</c> with one row while the lease is ours. <c>FOR SHARE</c> orders the write
    /// with any concurrent change of the lease row: a takeover committed first makes the fence empty.
    /// Parameters: <c>@PoolId</c>, <c>@Holder</c>, <c>@Epoch</c>.
    /// </summary>
    public const string Sql =
        "fence AS (SELECT 1 AS ok FROM leases WHERE pool_id = @PoolId AND holder = @Holder AND epoch = @Epoch " +
        "AND expires_at > now() FOR SHARE)";
}
