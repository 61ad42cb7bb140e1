using System.Data;
using Npgsql;
using NpgsqlTypes;

namespace Spm.Coordinator.Store;

/// <summary>
/// The connections the lease's frequent statements run on, kept open with their statement prepared: a call is one round
/// trip of a prepared statement, without renting a pooled connection, resetting it and binding parameters by reflection
/// each time (docs/benchmarks.md, Idle phase). A standby's acquisitions run asynchronously on one connection; the
/// leader's renewals (<see cref="Renew"/>, every 500 ms on its renewal thread) synchronously on another, opened
/// synchronously and never used asynchronously: a .NET socket that ever ran an asynchronous operation stays
/// non-blocking, and its synchronous reads are then completed through the runtime's socket (epoll) thread, a wake-up
/// more per renewal. Calls on each connection are serialized. After any failure the connection is closed and the next
/// call opens a new one; when a kept connection turns out to have died while it waited (server restart, network), the
/// statement is sent once more on a fresh connection within the same call (both statements are conditional
/// single-row updates, safe to repeat).
/// </summary>
internal sealed class LeaseConnection(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private NpgsqlConnection? _connection;
    private NpgsqlCommand? _acquire;
    private readonly Lock _renewGate = new();
    private NpgsqlConnection? _renewConnection;
    private NpgsqlCommand? _renew;
    private bool _disposed;

    /// <summary>Runs <paramref name="acquireSql"/> (parameters PoolId, Holder, Address, Ttl); the returned row or null.</summary>
    public Task<LeaseRow?> AcquireAsync(string acquireSql, string poolId, string holder, string? address, TimeSpan ttl, CancellationToken cancellationToken) =>
        RunAsync(c => c._acquire ??= Prepare(c._connection, acquireSql, epoch: false), poolId, holder, address, 0, ttl, cancellationToken);

    /// <summary>
    /// Runs <paramref name="renewSql"/> (parameters PoolId, Holder, Address, Epoch, Ttl) synchronously on the calling
    /// thread (the leader's renewal thread): a send and a blocking receive on the kept connection, no timer and no
    /// thread-pool continuation. <paramref name="timeout"/> bounds the wait for the connection, the statement (Npgsql's
    /// command timeout, whole seconds, at least 1 s) and a reconnection. The returned row or null.
    /// </summary>
    public LeaseRow? Renew(string renewSql, string poolId, string holder, string? address, long epoch, TimeSpan ttl, TimeSpan timeout)
    {
        if (!_renewGate.TryEnter(timeout))
        {
            throw new TimeoutException("The lease renewal connection stayed busy for the whole renewal attempt.");
        }

        try
        {
            var kept = _renewConnection is not null;
            try
            {
                return Execute(renewSql, poolId, holder, address, epoch, ttl, timeout);
            }
            catch (Exception ex) when (kept && _renewConnection?.State != ConnectionState.Open && StoreErrors.IsTransient(ex))
            {
                // As in RunAsync: the kept connection died while it waited; once more on a new one.
                CloseRenewal();
                return Execute(renewSql, poolId, holder, address, epoch, ttl, timeout);
            }
        }
        catch
        {
            CloseRenewal();
            throw;
        }
        finally
        {
            _renewGate.Exit();
        }
    }

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
            lock (_renewGate)
            {
                CloseRenewal();
            }
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

    private LeaseRow? Execute(string renewSql, string poolId, string holder, string? address, long epoch, TimeSpan ttl, TimeSpan timeout)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);

        // Rare (the first renewal of a leader, or after a failure): a synchronous open, so the socket stays blocking;
        // bounded by the connection string's Timeout.
        _renewConnection ??= dataSource.OpenConnection();
        var cmd = _renew ??= Prepare(_renewConnection, renewSql, epoch: true);
        var seconds = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds));
        if (cmd.CommandTimeout != seconds)
        {
            cmd.CommandTimeout = seconds;
        }

        if (!cmd.IsPrepared)
        {
            cmd.Prepare();
        }

        var parameters = cmd.Parameters;
        parameters[0].Value = poolId;
        parameters[1].Value = holder;
        parameters[2].Value = (object?)address ?? DBNull.Value;
        parameters[3].Value = ttl;
        parameters[4].Value = epoch;
        using var reader = cmd.ExecuteReader();
        return reader.Read() ? new LeaseRow(reader.GetInt64(0), reader.GetFieldValue<DateTime>(1)) : null;
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _connection ??= await dataSource.OpenConnectionAsync(cancellationToken);
    }

    private static NpgsqlCommand Prepare(NpgsqlConnection? connection, string sql, bool epoch)
    {
        var cmd = new NpgsqlCommand(sql, connection);
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

    private void CloseRenewal()
    {
        _renew?.Dispose();
        _renew = null;
        if (_renewConnection is not null)
        {
            var connection = _renewConnection;
            _renewConnection = null;
            try
            {
                connection.Dispose();
            }
            catch (Exception ex) when (StoreErrors.IsTransient(ex))
            {
                // A broken connection may fail to close cleanly: it is gone either way.
            }
        }
    }

    private async Task CloseAsync()
    {
        if (_acquire is not null)
        {
            await _acquire.DisposeAsync();
            _acquire = null;
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
