using Dapper;
using Npgsql;

namespace Spm.Coordinator.Store;

/// <summary><see cref="IPolicyStore"/> on PostgreSQL.</summary>
internal sealed class PostgresPolicyStore(NpgsqlDataSource dataSource) : IPolicyStore
{
    private const string Read = "SELECT settings::text AS SettingsJson, version AS Version FROM policy WHERE pool_id = @PoolId";

    private const string Write =
        "WITH " + LeaseFence.Sql + " " +
        "INSERT INTO policy (pool_id, settings, epoch, updated_by) SELECT @PoolId, @Settings::jsonb, @Epoch, @Holder FROM fence " +
        "ON CONFLICT (pool_id) DO UPDATE SET settings = EXCLUDED.settings, version = policy.version + 1, " +
        "epoch = EXCLUDED.epoch, updated_by = EXCLUDED.updated_by, updated_at = now()";

    public async Task<StoredPolicy?> ReadAsync(string poolId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<StoredPolicy>(new CommandDefinition(
            Read, new { PoolId = poolId }, cancellationToken: cancellationToken));
    }

    public async Task<bool> WriteAsync(LeaseFence fence, string settingsJson, CancellationToken cancellationToken)
    {
        var parameters = FencedParameters.Create(fence, new { Settings = settingsJson });
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(Write, parameters, cancellationToken: cancellationToken)) == 1;
    }
}
