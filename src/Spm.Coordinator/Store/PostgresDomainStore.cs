using Dapper;
using Npgsql;

namespace Spm.Coordinator.Store;

/// <summary><see cref="IDomainStore"/> on PostgreSQL.</summary>
internal sealed class PostgresDomainStore(NpgsqlDataSource dataSource) : IDomainStore
{
    private const string ReadDevices = "SELECT domain_id AS DomainId, devices AS Devices FROM domains WHERE pool_id = @PoolId";

    private const string Register =
        "WITH " + LeaseFence.Sql + " " +
        "INSERT INTO domains (domain_id, pool_id, vg_name, devices, max_volume_size_mib) " +
        "SELECT @DomainId, @PoolId, @VgName, @Devices, @MaxVolumeSizeMib FROM fence " +
        "ON CONFLICT (domain_id) DO UPDATE SET pool_id = EXCLUDED.pool_id, vg_name = EXCLUDED.vg_name, " +
        "max_volume_size_mib = EXCLUDED.max_volume_size_mib, updated_at = now(), " +
        "devices = domains.devices || ARRAY(SELECT d FROM unnest(EXCLUDED.devices) d WHERE NOT d = ANY (domains.devices)) " +
        "RETURNING devices";

    private const string AddDevice =
        "WITH " + LeaseFence.Sql + " " +
        "UPDATE domains SET devices = CASE WHEN @Device = ANY (devices) THEN devices ELSE array_append(devices, @Device) END, " +
        "updated_at = now() FROM fence WHERE domain_id = @DomainId AND pool_id = @PoolId RETURNING devices";

    private const string ReadVolumes =
        "SELECT volume_id AS VolumeId, lv_name AS LvName, capacity_mib AS CapacityMib FROM volumes WHERE domain_id = @DomainId";

    private const string RecordVolume =
        "WITH " + LeaseFence.Sql + " " +
        "INSERT INTO volumes (domain_id, volume_id, lv_name, size_bytes, capacity_mib, extensions) " +
        "SELECT @DomainId, @VolumeId, @LvName, @SizeBytes, @CapacityMib, @Extensions FROM fence " +
        "ON CONFLICT (domain_id, volume_id) DO UPDATE SET lv_name = EXCLUDED.lv_name, size_bytes = EXCLUDED.size_bytes, " +
        "capacity_mib = COALESCE(EXCLUDED.capacity_mib, volumes.capacity_mib), " +
        "extensions = volumes.extensions + EXCLUDED.extensions, updated_at = now()";

    private const string RecordOperation =
        "WITH " + LeaseFence.Sql + " " +
        "INSERT INTO admin_operations (pool_id, domain_id, epoch, instance_id, operation, device, force, outcome, detail) " +
        "SELECT @PoolId, @DomainId, @Epoch, @Holder, @Operation, @Device, @Force, @Outcome, @Detail FROM fence";

    private const string ReadOperations =
        "SELECT domain_id AS DomainId, operation AS Operation, device AS Device, force AS Force, outcome AS Outcome, detail AS Detail " +
        "FROM admin_operations WHERE pool_id = @PoolId ORDER BY operation_id DESC LIMIT @Limit";

    public async Task<bool> RecordAdminOperationAsync(LeaseFence fence, AdminOperationRecord operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var parameters = FencedParameters.Create(fence, new
        {
            operation.DomainId,
            operation.Operation,
            Device = AdminOperationRecord.Printable(operation.Device),
            operation.Force,
            operation.Outcome,
            Detail = AdminOperationRecord.Printable(operation.Detail),
        });
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(RecordOperation, parameters, cancellationToken: cancellationToken)) == 1;
    }

    public async Task<IReadOnlyList<AdminOperationRecord>> ReadAdminOperationsAsync(string poolId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<AdminOperationRecord>(new CommandDefinition(
            ReadOperations, new { PoolId = poolId, Limit = limit }, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<string>>> ReadDevicesAsync(string poolId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(Guid DomainId, string[] Devices)>(new CommandDefinition(
            ReadDevices, new { PoolId = poolId }, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.DomainId, r => (IReadOnlyList<string>)r.Devices);
    }

    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<string>>?> RegisterDomainsAsync(
        LeaseFence fence, IReadOnlyList<DomainRegistration> domains, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domains);
        var result = new Dictionary<Guid, IReadOnlyList<string>>();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var domain in domains)
        {
            var parameters = FencedParameters.Create(fence, new
            {
                domain.DomainId,
                domain.VgName,
                Devices = domain.Devices.ToArray(),
                domain.MaxVolumeSizeMib,
            });
            var devices = await connection.QuerySingleOrDefaultAsync<string[]>(new CommandDefinition(
                Register, parameters, transaction, cancellationToken: cancellationToken));
            if (devices is null)
            {
                return null;
            }

            result[domain.DomainId] = devices;
        }

        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    public async Task<IReadOnlyList<string>?> AddDeviceAsync(LeaseFence fence, Guid domainId, string device, CancellationToken cancellationToken)
    {
        var parameters = FencedParameters.Create(fence, new { DomainId = domainId, Device = device });
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string[]>(new CommandDefinition(AddDevice, parameters, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<VolumeRecord>> ReadVolumesAsync(Guid domainId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<VolumeRecord>(new CommandDefinition(
            ReadVolumes, new { DomainId = domainId }, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    public async Task<bool> RecordVolumeAsync(LeaseFence fence, VolumeRegistration volume, bool extended, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(volume);
        var parameters = FencedParameters.Create(fence, new
        {
            volume.DomainId,
            volume.VolumeId,
            volume.LvName,
            volume.SizeBytes,
            volume.CapacityMib,
            Extensions = extended ? 1L : 0L,
        });
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(RecordVolume, parameters, cancellationToken: cancellationToken)) == 1;
    }
}
