using Dapper;
using Npgsql;
using Spm.Coordinator.Leadership;

namespace Spm.Coordinator.Store;

/// <summary>
/// <see cref="ILeaseStore"/> on the <c>leases</c> table; expiry is on the database clock. Only an expired (or
/// released) lease can be acquired, by anyone including its last holder: a holder never re-takes its own
/// live lease with a new epoch, so an instance whose terms keep failing cannot starve a healthy standby.
/// Acquisitions and renewals also write the holder's advertised admin address, stamped with the epoch; a read
/// returns it only for the epoch it was written for. Acquisitions and renewals run on one kept connection with
/// prepared statements (<see cref="LeaseConnection"/>); releases and reads on pooled ones.
/// </summary>
internal sealed class PostgresLeaseStore(NpgsqlDataSource dataSource) : ILeaseStore, IAsyncDisposable
{
    private const string Ensure =
        "INSERT INTO pools (pool_id) VALUES (@PoolId) ON CONFLICT DO NOTHING; " +
        "INSERT INTO leases (pool_id) VALUES (@PoolId) ON CONFLICT DO NOTHING";

    private const string Acquire =
        "UPDATE leases SET holder = @Holder, epoch = epoch + 1, acquired_at = now(), renewed_at = now(), " +
        "expires_at = now() + @Ttl, holder_address = @Address, holder_address_epoch = epoch + 1 WHERE pool_id = @PoolId AND expires_at <= now() " +
        "RETURNING epoch AS Epoch, expires_at AS ExpiresAt";

    private const string Renew =
        "UPDATE leases SET renewed_at = now(), expires_at = now() + @Ttl, holder_address = @Address, holder_address_epoch = epoch " +
        "WHERE pool_id = @PoolId AND holder = @Holder AND epoch = @Epoch AND expires_at > now() " +
        "RETURNING epoch AS Epoch, expires_at AS ExpiresAt";

    private const string Release =
        "UPDATE leases SET expires_at = now() " +
        "WHERE pool_id = @PoolId AND holder = @Holder AND epoch = @Epoch AND expires_at > now()";

    private const string Read =
        "SELECT holder AS Holder, epoch AS Epoch, expires_at AS ExpiresAt, expires_at <= now() AS Expired, " +
        "CASE WHEN holder_address_epoch = epoch THEN holder_address END AS Address " +
        "FROM leases WHERE pool_id = @PoolId";

    private readonly LeaseConnection _connection = new(dataSource);
    private volatile bool _ensured;

    public async Task<LeaseResult> TryAcquireAsync(string poolId, string holder, string? address, TimeSpan ttl, CancellationToken cancellationToken)
    {
        try
        {
            if (!_ensured)
            {
                await _connection.RunOnConnectionAsync(
                    c => c.ExecuteAsync(new CommandDefinition(Ensure, new { PoolId = poolId }, cancellationToken: cancellationToken)), cancellationToken);
                _ensured = true;
            }

            var row = await _connection.AcquireAsync(Acquire, poolId, holder, address, ttl, cancellationToken);
            return row is not { } acquired
                ? LeaseResult.NotAvailable
                : new LeaseResult(LeaseStatus.Acquired, acquired.Epoch, ToOffset(acquired.ExpiresAt), null);
        }
        catch (Exception ex) when (StoreErrors.IsTransient(ex, cancellationToken))
        {
            return LeaseResult.Transient(ex);
        }
    }

    public async Task<LeaseResult> TryRenewAsync(string poolId, string holder, string? address, long epoch, TimeSpan ttl, CancellationToken cancellationToken)
    {
        try
        {
            var row = await _connection.RenewAsync(Renew, poolId, holder, address, epoch, ttl, cancellationToken);
            return row is not { } renewed
                ? LeaseResult.NotAvailable
                : new LeaseResult(LeaseStatus.Held, renewed.Epoch, ToOffset(renewed.ExpiresAt), null);
        }
        catch (Exception ex) when (StoreErrors.IsTransient(ex, cancellationToken))
        {
            return LeaseResult.Transient(ex);
        }
    }

    public async Task<bool> TryReleaseAsync(string poolId, string holder, long epoch, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            return await connection.ExecuteAsync(new CommandDefinition(
                Release, new { PoolId = poolId, Holder = holder, Epoch = epoch }, cancellationToken: cancellationToken)) == 1;
        }
        catch (Exception ex) when (StoreErrors.IsTransient(ex, cancellationToken))
        {
            return false;
        }
    }

    public async Task<LeaseInfo?> ReadAsync(string poolId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<LeaseReadRow>(new CommandDefinition(
            Read, new { PoolId = poolId }, cancellationToken: cancellationToken));
        return row is null || row.Epoch == 0 ? null : new LeaseInfo(row.Holder, row.Epoch, ToOffset(row.ExpiresAt), row.Expired, row.Address);
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private static DateTimeOffset ToOffset(DateTime value) =>
        value == DateTime.MinValue ? DateTimeOffset.MinValue : new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private sealed class LeaseReadRow
    {
        public string Holder { get; set; } = "";

        public long Epoch { get; set; }

        public DateTime ExpiresAt { get; set; }

        public bool Expired { get; set; }

        public string? Address { get; set; }
    }
}
