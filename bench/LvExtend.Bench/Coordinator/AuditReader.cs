using Npgsql;

namespace LvExtend.Bench.Coordinator;

/// <summary>Reads the audit trail the coordinator wrote (src/Spm.Coordinator/Store/Migrations/0001_initial.sql).</summary>
internal static class AuditReader
{
    private const string Sql = """
        SELECT request_id, host_id, volume_id, requested_mib, state, reason, detected_at,
               detect_seconds, wait_seconds, validate_seconds, lvextend_seconds, record_seconds, reply_seconds, total_seconds
        FROM extend_requests
        WHERE pool_id = @pool AND source = 'mailbox'
        ORDER BY request_id
        """;

    /// <summary>Every mailbox request of the pool, oldest first.</summary>
    public static async Task<IReadOnlyList<AuditRow>> ReadAsync(string connectionString, string poolId, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.AddWithValue("pool", poolId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<AuditRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new AuditRow(
                reader.GetInt64(0),
                reader.IsDBNull(1) ? 0 : reader.GetInt32(1),
                reader.IsDBNull(2) ? Guid.Empty : reader.GetGuid(2),
                reader.IsDBNull(3) ? 0 : reader.GetInt64(3),
                reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetFieldValue<DateTimeOffset>(6),
                Nullable(reader, 7),
                Nullable(reader, 8),
                Nullable(reader, 9),
                Nullable(reader, 10),
                Nullable(reader, 11),
                Nullable(reader, 12),
                Nullable(reader, 13)));
        }

        return rows;
    }

    private static double? Nullable(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);
}
