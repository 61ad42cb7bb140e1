namespace Spm.Coordinator.Leadership;

/// <summary>The pool's lease row in PostgreSQL: acquire, renew, release, read. Outcomes are results.</summary>
internal interface ILeaseStore
{
    /// <summary>
    /// Takes the lease when it has expired or was released (whoever held it), with a new epoch; records
    /// <paramref name="address"/>, the holder's advertised admin address (null: none).
    /// </summary>
    Task<LeaseResult> TryAcquireAsync(string poolId, string holder, string? address, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>
    /// Extends the lease while this holder still has it with this epoch and it has not expired (and records
    /// <paramref name="address"/> again).
    /// </summary>
    Task<LeaseResult> TryRenewAsync(string poolId, string holder, string? address, long epoch, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Ends the lease at once (clean shutdown), so that a standby need not wait for the TTL.</summary>
    Task<bool> TryReleaseAsync(string poolId, string holder, long epoch, CancellationToken cancellationToken);

    /// <summary>The lease row, or null when the pool never had a leader.</summary>
    Task<LeaseInfo?> ReadAsync(string poolId, CancellationToken cancellationToken);
}

/// <summary>What a lease call achieved.</summary>
internal enum LeaseStatus : byte
{
    /// <summary>Taken, with a new epoch.</summary>
    Acquired = 1,

    /// <summary>Renewed: still ours with the same epoch.</summary>
    Held = 2,

    /// <summary>Someone else has it (or ours expired).</summary>
    NotAvailable = 3,

    /// <summary>The database did not answer: nothing is known.</summary>
    TransientFailure = 4,
}

/// <summary>The outcome of a lease call.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Epoch">The epoch held (Acquired, Held).</param>
/// <param name="ExpiresAt">The expiry on the database clock (Acquired, Held).</param>
/// <param name="Error">The failure (TransientFailure).</param>
internal readonly record struct LeaseResult(LeaseStatus Status, long Epoch, DateTimeOffset? ExpiresAt, Exception? Error)
{
    public static LeaseResult NotAvailable { get; } = new(LeaseStatus.NotAvailable, 0, null, null);

    public static LeaseResult Transient(Exception error) => new(LeaseStatus.TransientFailure, 0, null, error);
}

/// <summary>The lease row as read.</summary>
/// <param name="Holder">The instance id of the holder.</param>
/// <param name="Epoch">The lease epoch.</param>
/// <param name="ExpiresAt">The expiry on the database clock.</param>
/// <param name="Expired">Whether it has expired (on the database clock).</param>
/// <param name="Address">The admin address the holder advertised for this epoch, or null.</param>
internal sealed record LeaseInfo(string Holder, long Epoch, DateTimeOffset ExpiresAt, bool Expired, string? Address = null);
