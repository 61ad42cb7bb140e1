using Dapper;
using Npgsql;
using Spm.Coordinator.Admin;

namespace Spm.Coordinator.Store;

/// <summary><see cref="IRequestStore"/> on PostgreSQL: every write is one fenced statement (one round trip).</summary>
internal sealed class PostgresRequestStore(NpgsqlDataSource dataSource) : IRequestStore
{
    // The fence's condition as a plain read: a takeover that commits after it is no different from one right after a
    // fenced write (docs/coordinator.md, "Safety argument").
    private const string FenceCheck =
        "SELECT count(*) FROM leases WHERE pool_id = @PoolId AND holder = @Holder AND epoch = @Epoch AND expires_at > now()";

    private const string Insert =
        "WITH " + LeaseFence.Sql + ", " +
        "host AS (INSERT INTO hosts (pool_id, host_id, requests, rejections) " +
        "  SELECT @PoolId, @HostId, 1, CASE WHEN @State = 'rejected' THEN 1 ELSE 0 END FROM fence WHERE @HostId::integer IS NOT NULL " +
        "  ON CONFLICT (pool_id, host_id) DO UPDATE SET last_seen = now(), requests = hosts.requests + 1, " +
        "  rejections = hosts.rejections + EXCLUDED.rejections), " +
        "req AS (INSERT INTO extend_requests (pool_id, epoch, instance_id, source, host_id, slot, payload, domain_id, volume_id, " +
        "  vg_name, lv_name, requested_mib, size_before_bytes, size_after_bytes, state, reason, detected_at, waiting_since, " +
        "  completed_at, detect_seconds, validate_seconds) " +
        "  SELECT @PoolId, @Epoch, @Holder, @Source, @HostId, @Slot, @Payload, @DomainId, @VolumeId, @VgName, @LvName, " +
        "  @RequestedMib, @SizeBefore, @SizeAfter, @State, @Reason, @DetectedAt, " +
        "  CASE WHEN @State = 'waiting_for_space' THEN now() END, CASE WHEN @Final THEN now() END, @DetectSeconds, @ValidateSeconds " +
        "  FROM fence RETURNING request_id, state, reason), " +
        "ev AS (INSERT INTO request_events (request_id, pool_id, state, reason, epoch, instance_id) " +
        "  SELECT request_id, @PoolId, state, reason, @Epoch, @Holder FROM req) " +
        "SELECT request_id FROM req";

    private const string Transition =
        "WITH " + LeaseFence.Sql + ", " +
        "req AS (UPDATE extend_requests SET state = @State, reason = @Reason, updated_at = now(), " +
        "  size_before_bytes = COALESCE(@SizeBefore, size_before_bytes), size_after_bytes = COALESCE(@SizeAfter, size_after_bytes), " +
        "  waiting_since = CASE WHEN @State = 'waiting_for_space' THEN COALESCE(waiting_since, now()) ELSE waiting_since END, " +
        "  completed_at = CASE WHEN @Final THEN now() ELSE completed_at END, " +
        "  wait_seconds = COALESCE(@WaitSeconds, wait_seconds), validate_seconds = COALESCE(@ValidateSeconds, validate_seconds), " +
        "  lvextend_seconds = COALESCE(@LvextendSeconds, lvextend_seconds) " +
        "  FROM fence WHERE request_id = @RequestId AND pool_id = @PoolId AND epoch = @Epoch " +
        "  RETURNING request_id, state, reason, host_id), " +
        "host AS (UPDATE hosts SET rejections = hosts.rejections + 1 FROM req " +
        "  WHERE @State = 'rejected' AND hosts.pool_id = @PoolId AND hosts.host_id = req.host_id), " +
        "ev AS (INSERT INTO request_events (request_id, pool_id, state, reason, epoch, instance_id) " +
        "  SELECT request_id, @PoolId, state, reason, @Epoch, @Holder FROM req) " +
        "SELECT count(*) FROM req";

    private const string Reply =
        "WITH " + LeaseFence.Sql + " " +
        "UPDATE extend_requests SET reply_seconds = @ReplySeconds, total_seconds = @TotalSeconds, " +
        "record_seconds = @RecordSeconds FROM fence WHERE request_id = @RequestId AND pool_id = @PoolId AND epoch = @Epoch";

    private const string ChecksumError =
        "WITH " + LeaseFence.Sql + " " +
        "INSERT INTO hosts (pool_id, host_id, checksum_errors) SELECT @PoolId, @HostId, 1 FROM fence " +
        "ON CONFLICT (pool_id, host_id) DO UPDATE SET last_seen = now(), checksum_errors = hosts.checksum_errors + 1";

    private const string Supersede =
        "WITH " + LeaseFence.Sql + ", " +
        "req AS (UPDATE extend_requests SET state = 'superseded', updated_at = now(), completed_at = now(), " +
        "  reason = 'left open by epoch ' || epoch || '; epoch ' || @Epoch || ' serves it again from the mailbox' " +
        "  FROM fence WHERE pool_id = @PoolId AND epoch < @Epoch AND state IN ('received', 'waiting_for_space', 'extending') " +
        "  RETURNING request_id, state, reason), " +
        "ev AS (INSERT INTO request_events (request_id, pool_id, state, reason, epoch, instance_id) " +
        "  SELECT request_id, @PoolId, state, reason, @Epoch, @Holder FROM req) " +
        "SELECT (SELECT count(*) FROM fence) AS fenced, (SELECT count(*) FROM req) AS marked";

    public async Task<bool> FenceHoldsAsync(LeaseFence fence, CancellationToken cancellationToken)
    {
        var parameters = FencedParameters.Create(fence);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(FenceCheck, parameters, cancellationToken: cancellationToken)) == 1;
    }

    public async Task<long?> InsertAsync(LeaseFence fence, NewExtendRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parameters = FencedParameters.Create(fence, new
        {
            Source = ExtendRequestStates.ToName(request.Source),
            request.HostId,
            request.Slot,
            request.Payload,
            request.DomainId,
            request.VolumeId,
            request.VgName,
            request.LvName,
            request.RequestedMib,
            SizeBefore = request.SizeBeforeBytes,
            SizeAfter = request.SizeAfterBytes,
            State = ExtendRequestStates.ToName(request.State),
            request.Reason,
            DetectedAt = request.DetectedAt.ToUniversalTime(),
            Final = RequestStateRules.IsFinal(request.State),
            request.DetectSeconds,
            request.ValidateSeconds,
        });
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(Insert, parameters, cancellationToken: cancellationToken));
    }

    public async Task<bool> TransitionAsync(LeaseFence fence, long requestId, RequestTransition transition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transition);
        var parameters = FencedParameters.Create(fence, new
        {
            RequestId = requestId,
            State = ExtendRequestStates.ToName(transition.State),
            transition.Reason,
            SizeBefore = transition.SizeBeforeBytes,
            SizeAfter = transition.SizeAfterBytes,
            Final = RequestStateRules.IsFinal(transition.State),
            transition.WaitSeconds,
            transition.ValidateSeconds,
            transition.LvextendSeconds,
        });
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(Transition, parameters, cancellationToken: cancellationToken)) == 1;
    }

    public async Task<bool> RecordReplyAsync(
        LeaseFence fence, long requestId, double replySeconds, double totalSeconds, double recordSeconds, CancellationToken cancellationToken)
    {
        var parameters = FencedParameters.Create(fence, new
        {
            RequestId = requestId,
            ReplySeconds = replySeconds,
            TotalSeconds = totalSeconds,
            RecordSeconds = recordSeconds,
        });
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(Reply, parameters, cancellationToken: cancellationToken)) == 1;
    }

    public async Task<bool> RecordChecksumErrorAsync(LeaseFence fence, int hostId, CancellationToken cancellationToken)
    {
        var parameters = FencedParameters.Create(fence, new { HostId = hostId });
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(ChecksumError, parameters, cancellationToken: cancellationToken)) == 1;
    }

    public async Task<int?> SupersedeOpenRequestsAsync(LeaseFence fence, CancellationToken cancellationToken)
    {
        var parameters = FencedParameters.Create(fence);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<(long Fenced, long Marked)>(new CommandDefinition(Supersede, parameters, cancellationToken: cancellationToken));
        return row.Fenced == 0 ? null : (int)row.Marked;
    }
}
