using Dapper;
using Npgsql;
using Spm.Coordinator.Admin;

namespace Spm.Coordinator.Store;

/// <summary><see cref="IRequestReader"/> on PostgreSQL: plain queries, no fence (they change nothing).</summary>
internal sealed class PostgresRequestReader(NpgsqlDataSource dataSource) : IRequestReader
{
    private const string RequestColumns =
        "request_id AS Id, pool_id AS PoolId, epoch AS Epoch, instance_id AS InstanceId, source AS Source, host_id AS HostId, " +
        "slot AS Slot, domain_id AS DomainId, volume_id AS VolumeId, vg_name AS VgName, lv_name AS LvName, " +
        "requested_mib AS RequestedMib, size_before_bytes AS SizeBeforeBytes, size_after_bytes AS SizeAfterBytes, " +
        "state AS State, reason AS Reason, detected_at AS DetectedAt, updated_at AS UpdatedAt, completed_at AS CompletedAt, " +
        "detect_seconds AS DetectSeconds, wait_seconds AS WaitSeconds, validate_seconds AS ValidateSeconds, " +
        "lvextend_seconds AS LvextendSeconds, record_seconds AS RecordSeconds, reply_seconds AS ReplySeconds, total_seconds AS TotalSeconds";

    private const string ListRequestsSql =
        "SELECT " + RequestColumns + " FROM extend_requests WHERE pool_id = @PoolId " +
        "AND (@State::text IS NULL OR state = @State) AND (@HostId::integer IS NULL OR host_id = @HostId) " +
        "AND (@VolumeId::uuid IS NULL OR volume_id = @VolumeId) ORDER BY request_id DESC LIMIT @Limit";

    private const string HistorySql =
        "SELECT e.event_id AS EventId, e.request_id AS RequestId, e.at AS At, e.state AS State, e.reason AS Reason, " +
        "e.epoch AS Epoch, e.instance_id AS InstanceId, r.source AS Source, r.host_id AS HostId, r.domain_id AS DomainId, " +
        "r.volume_id AS VolumeId, r.requested_mib AS RequestedMib, r.size_before_bytes AS SizeBeforeBytes, " +
        "r.size_after_bytes AS SizeAfterBytes " +
        "FROM request_events e JOIN extend_requests r ON r.request_id = e.request_id " +
        "WHERE e.pool_id = @PoolId AND (@VolumeId::uuid IS NULL OR r.volume_id = @VolumeId) " +
        "ORDER BY e.event_id DESC LIMIT @Limit";

    private const string CountSql =
        "SELECT state AS State, count(*) AS Count FROM extend_requests WHERE pool_id = @PoolId GROUP BY state";

    private const string HostsSql =
        "SELECT host_id AS HostId, first_seen AS FirstSeen, last_seen AS LastSeen, requests AS Requests, " +
        "rejections AS Rejections, checksum_errors AS ChecksumErrors FROM hosts WHERE pool_id = @PoolId ORDER BY host_id";

    public async Task<IReadOnlyList<ExtendRequestRecord>> ListRequestsAsync(string poolId, RequestQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<RequestRow>(new CommandDefinition(ListRequestsSql, new
        {
            PoolId = poolId,
            State = query.State is { } state ? ExtendRequestStates.ToName(state) : null,
            query.HostId,
            query.VolumeId,
            query.Limit,
        }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(string poolId, Guid? volumeId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<HistoryRow>(new CommandDefinition(
            HistorySql, new { PoolId = poolId, VolumeId = volumeId, Limit = limit }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToEntry()).ToList();
    }

    public async Task<IReadOnlyList<RequestStateCount>> CountByStateAsync(string poolId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string State, long Count)>(new CommandDefinition(
            CountSql, new { PoolId = poolId }, cancellationToken: cancellationToken));
        return rows.Select(r => new RequestStateCount(ExtendRequestStates.Parse(r.State), r.Count)).OrderBy(c => c.State).ToList();
    }

    public async Task<IReadOnlyList<HostSummary>> ListHostsAsync(string poolId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<HostRow>(new CommandDefinition(HostsSql, new { PoolId = poolId }, cancellationToken: cancellationToken));
        return rows.Select(r => new HostSummary(r.HostId, Utc(r.FirstSeen), Utc(r.LastSeen), r.Requests, r.Rejections, r.ChecksumErrors)).ToList();
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private sealed class RequestRow
    {
        public long Id { get; set; }
        public string PoolId { get; set; } = "";
        public long Epoch { get; set; }
        public string InstanceId { get; set; } = "";
        public string Source { get; set; } = "";
        public int? HostId { get; set; }
        public int? Slot { get; set; }
        public Guid? DomainId { get; set; }
        public Guid? VolumeId { get; set; }
        public string? VgName { get; set; }
        public string? LvName { get; set; }
        public long? RequestedMib { get; set; }
        public long? SizeBeforeBytes { get; set; }
        public long? SizeAfterBytes { get; set; }
        public string State { get; set; } = "";
        public string? Reason { get; set; }
        public DateTime DetectedAt { get; set; }
        public DateTime UpdatedAt { get; set; }
        public DateTime? CompletedAt { get; set; }
        public double? DetectSeconds { get; set; }
        public double? WaitSeconds { get; set; }
        public double? ValidateSeconds { get; set; }
        public double? LvextendSeconds { get; set; }
        public double? RecordSeconds { get; set; }
        public double? ReplySeconds { get; set; }
        public double? TotalSeconds { get; set; }

        public ExtendRequestRecord ToRecord() => new(
            Id, PoolId, Epoch, InstanceId, ExtendRequestStates.ParseSource(Source), HostId, Slot, DomainId, VolumeId, VgName, LvName,
            RequestedMib, SizeBeforeBytes, SizeAfterBytes, ExtendRequestStates.Parse(State), Reason, Utc(DetectedAt), Utc(UpdatedAt),
            CompletedAt is { } completed ? Utc(completed) : null,
            new PhaseDurations(DetectSeconds, WaitSeconds, ValidateSeconds, LvextendSeconds, RecordSeconds, ReplySeconds, TotalSeconds));
    }

    private sealed class HistoryRow
    {
        public long EventId { get; set; }
        public long RequestId { get; set; }
        public DateTime At { get; set; }
        public string State { get; set; } = "";
        public string? Reason { get; set; }
        public long Epoch { get; set; }
        public string InstanceId { get; set; } = "";
        public string Source { get; set; } = "";
        public int? HostId { get; set; }
        public Guid? DomainId { get; set; }
        public Guid? VolumeId { get; set; }
        public long? RequestedMib { get; set; }
        public long? SizeBeforeBytes { get; set; }
        public long? SizeAfterBytes { get; set; }

        public HistoryEntry ToEntry() => new(
            EventId, RequestId, Utc(At), ExtendRequestStates.Parse(State), Reason, Epoch, InstanceId,
            ExtendRequestStates.ParseSource(Source), HostId, DomainId, VolumeId, RequestedMib, SizeBeforeBytes, SizeAfterBytes);
    }

    private sealed class HostRow
    {
        public int HostId { get; set; }
        public DateTime FirstSeen { get; set; }
        public DateTime LastSeen { get; set; }
        public long Requests { get; set; }
        public long Rejections { get; set; }
        public long ChecksumErrors { get; set; }
    }
}
