using System.Data;
using Npgsql;
using NpgsqlTypes;

namespace Spm.Coordinator.Store;

/// <summary>
/// The one connection the lease's frequent statements (acquire attempts of a standby, renewals of the leader) run on,
/// kept open with both statements prepared: a renewal is one round trip of a prepared statement, without renting a
/// pooled connection, resetting it and binding parameters by reflection each time (docs/benchmarks.md, Idle phase).
/// Calls are serialized. After any failure the connection is closed and the next call opens a new one; when a kept
/// connection turns out to have died while it waited (server restart, network), the statement is sent once more on a
/// fresh connection within the same call (both statements are conditional single-row updates, safe to repeat).
/// </summary>
internal sealed class LeaseConnection(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private NpgsqlConnection? _connection;
    private NpgsqlCommand? _acquire;
    private NpgsqlCommand? _renew;
    private bool _disposed;

    /// <summary>Runs <paramref name="acquireSql"/> (parameters PoolId, Holder, Address, Ttl); the returned row or null.</summary>
    public Task<LeaseRow?> AcquireAsync(string acquireSql, string poolId, string holder, string? address, TimeSpan ttl, CancellationToken cancellationToken) =>
        RunAsync(c => c._acquire ??= c.Prepare(acquireSql, epoch: false), poolId, holder, address, 0, ttl, cancellationToken);

    /// <summary>Runs <paramref name="renewSql"/> (parameters PoolId, Holder, Address, Epoch, Ttl); the returned row or null.</summary>
    public Task<LeaseRow?> RenewAsync(string renewSql, string poolId, string holder, string? address, long epoch, TimeSpan ttl, CancellationToken cancellationToken) =>
        RunAsync(c => c._renew ??= c.Prepare(renewSql, epoch: true), poolId, holder, address, epoch, ttl, cancellationToken);

    /// <summary>Runs <paramref name="action"/> on the kept connection (opened if needed), serialized with the statements.</summary>
    public async Task RunOnConnectionAsync(Func<NpgsqlConnection, Task> action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await action(await OpenAsync(cancellationToken));
        }
        catch
        {
            await CloseAsync();
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            _disposed = true;
            await CloseAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<LeaseRow?> RunAsync(
        Func<LeaseConnection, NpgsqlCommand> command, string poolId, string holder, string? address, long epoch, TimeSpan ttl,
        CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var kept = _connection is not null;
            try
            {
                return await ExecuteAsync(command, poolId, holder, address, epoch, ttl, cancellationToken);
            }
            catch (Exception ex) when (kept && _connection?.State != ConnectionState.Open && StoreErrors.IsTransient(ex, cancellationToken))
            {
                // The kept connection died while it waited (a server restart ends it with an error, a network failure
                // without): once more on a new one. A statement error on a live connection is not retried.
                await CloseAsync();
                return await ExecuteAsync(command, poolId, holder, address, epoch, ttl, cancellationToken);
            }
        }
        catch
        {
            await CloseAsync();
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<LeaseRow?> ExecuteAsync(
        Func<LeaseConnection, NpgsqlCommand> command, string poolId, string holder, string? address, long epoch, TimeSpan ttl,
        CancellationToken cancellationToken)
    {
        await OpenAsync(cancellationToken);
        var cmd = command(this);
        if (!cmd.IsPrepared)
        {
            await cmd.PrepareAsync(cancellationToken);
        }

        var parameters = cmd.Parameters;
        parameters[0].Value = poolId;
        parameters[1].Value = holder;
        parameters[2].Value = (object?)address ?? DBNull.Value;
        parameters[3].Value = ttl;
        if (parameters.Count > 4)
        {
            parameters[4].Value = epoch;
        }

        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new LeaseRow(reader.GetInt64(0), reader.GetFieldValue<DateTime>(1))
            : null;
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _connection ??= await dataSource.OpenConnectionAsync(cancellationToken);
    }

    private NpgsqlCommand Prepare(string sql, bool epoch)
    {
        var cmd = new NpgsqlCommand(sql, _connection);
        cmd.Parameters.Add(new NpgsqlParameter("PoolId", NpgsqlDbType.Text));
        cmd.Parameters.Add(new NpgsqlParameter("Holder", NpgsqlDbType.Text));
        cmd.Parameters.Add(new NpgsqlParameter("Address", NpgsqlDbType.Text));
        cmd.Parameters.Add(new NpgsqlParameter("Ttl", NpgsqlDbType.Interval));
        if (epoch)
        {
            cmd.Parameters.Add(new NpgsqlParameter("Epoch", NpgsqlDbType.Bigint));
        }

        return cmd;
    }

    private async Task CloseAsync()
    {
        if (_acquire is not null)
        {
            await _acquire.DisposeAsync();
            _acquire = null;
        }

        if (_renew is not null)
        {
            await _renew.DisposeAsync();
            _renew = null;
        }

        if (_connection is not null)
        {
            var connection = _connection;
            _connection = null;
            try
            {
                await connection.DisposeAsync();
            }
            catch (Exception ex) when (StoreErrors.IsTransient(ex))
            {
                // A broken connection may fail to close cleanly: it is gone either way.
            }
        }
    }
}
