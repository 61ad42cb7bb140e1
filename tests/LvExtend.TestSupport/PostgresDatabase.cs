using Npgsql;

namespace LvExtend.TestSupport;

/// <summary>
/// A fresh database (lvxt_&lt;random&gt;) on the throw-away PostgreSQL server named by LVX_TEST_PG
/// (started by scripts/test.sh). DisposeAsync drops it WITH (FORCE). Fails, never skips, when
/// LVX_TEST_PG is not set.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    /// <summary>The environment variable holding the server's Npgsql connection string.</summary>
    public const string EnvironmentVariable = "LVX_TEST_PG";

    private const string HowToStart =
        "Start one and export its connection string: source scripts/lib/common.sh; source scripts/lib/pg.sh; " +
        "export LVX_TEST_PG=$(lvx_pg_start /tmp/lvx-pg-dev)";

    private readonly string _serverConnectionString;
    private bool _disposed;

    private PostgresDatabase(string serverConnectionString, string name, string connectionString)
    {
        _serverConnectionString = serverConnectionString;
        Name = name;
        ConnectionString = connectionString;
    }

    /// <summary>The database name, lvxt_&lt;random&gt;.</summary>
    public string Name { get; }

    /// <summary>An Npgsql connection string to the new database (own pool: Application Name = the database name).</summary>
    public string ConnectionString { get; }

    /// <summary>The server's connection string from LVX_TEST_PG; fails via <see cref="RequiredDependency"/> when missing.</summary>
    public static string ServerConnectionString
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(EnvironmentVariable);
            RequiredDependency.Require(!string.IsNullOrWhiteSpace(value), $"PostgreSQL ({EnvironmentVariable} is not set)", HowToStart);
            return value!;
        }
    }

    /// <summary>Creates a fresh, empty database.</summary>
    public static async Task<PostgresDatabase> CreateAsync(CancellationToken cancellationToken = default)
    {
        var server = ServerConnectionString;
        var name = "lvxt_" + TestPaths.RandomSuffix(10);
        await using (var connection = new NpgsqlConnection(server))
        {
            try
            {
                await connection.OpenAsync(cancellationToken);
            }
            catch (NpgsqlException ex)
            {
                throw new InvalidOperationException(
                    $"Test dependency missing: cannot connect to PostgreSQL at {EnvironmentVariable}='{server}': {ex.Message}. {HowToStart}", ex);
            }

            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name, ApplicationName = name };
        return new PostgresDatabase(server, name, builder.ConnectionString);
    }

    /// <summary>A data source for <see cref="ConnectionString"/>; the caller disposes it.</summary>
    public NpgsqlDataSource CreateDataSource() => NpgsqlDataSource.Create(ConnectionString);

    /// <summary>Opens a connection to the database.</summary>
    public async Task<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>Drops the database WITH (FORCE), disconnecting any remaining session.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        using (var pooled = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
