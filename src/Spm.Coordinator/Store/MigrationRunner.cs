using System.Text.RegularExpressions;
using Dapper;
using Npgsql;

namespace Spm.Coordinator.Store;

/// <summary>
/// Applies the embedded <c>Store/Migrations/NNNN_name.sql</c> scripts in order, each once, inside one
/// transaction under an advisory lock: running it twice is a no-op and two coordinators starting at
/// once take turns.
/// </summary>
internal sealed partial class MigrationRunner(NpgsqlDataSource dataSource, ILogger<MigrationRunner> logger)
{
    /// <summary>The advisory lock key ("lvxmigr" in ASCII).</summary>
    public const long AdvisoryLockKey = 0x6C76786D69677200;

    private const string CreateTable =
        "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, " +
        "applied_at timestamptz NOT NULL DEFAULT now())";

    /// <summary>The embedded migrations, by version.</summary>
    public static IReadOnlyList<Migration> Migrations { get; } = LoadMigrations();

    /// <summary>Applies what is missing; returns the versions applied now.</summary>
    public async Task<IReadOnlyList<int>> ApplyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(@Key)", new { Key = AdvisoryLockKey }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(CreateTable, transaction: transaction, cancellationToken: cancellationToken));
        var applied = (await connection.QueryAsync<int>(new CommandDefinition(
            "SELECT version FROM schema_migrations", transaction: transaction, cancellationToken: cancellationToken))).ToHashSet();

        var now = new List<int>();
        foreach (var migration in Migrations.Where(m => !applied.Contains(m.Version)))
        {
            await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_migrations (version, name) VALUES (@Version, @Name)",
                new { migration.Version, migration.Name }, transaction, cancellationToken: cancellationToken));
            Log.MigrationApplied(logger, migration.Version, migration.Name);
            now.Add(migration.Version);
        }

        await transaction.CommitAsync(cancellationToken);
        if (now.Count == 0)
        {
            Log.SchemaUpToDate(logger, Migrations.Count == 0 ? 0 : Migrations[^1].Version);
        }

        return now;
    }

    private static List<Migration> LoadMigrations()
    {
        var assembly = typeof(MigrationRunner).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var match = MigrationName().Match(resource);
            if (!match.Success)
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"The embedded migration {resource} cannot be read.");
            using var reader = new StreamReader(stream);
            migrations.Add(new Migration(
                int.Parse(match.Groups["version"].Value, System.Globalization.CultureInfo.InvariantCulture),
                match.Groups["name"].Value,
                reader.ReadToEnd()));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < migrations.Count; i++)
        {
            if (migrations[i].Version == migrations[i - 1].Version)
            {
                throw new InvalidOperationException($"Two migrations share version {migrations[i].Version}.");
            }
        }

        return migrations;
    }

    [GeneratedRegex(@"\.Migrations\.(?<version>\d{4})_(?<name>[A-Za-z0-9_]+)\.sql$")]
    private static partial Regex MigrationName();

    /// <summary>One migration script.</summary>
    internal sealed record Migration(int Version, string Name, string Sql);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1101, EventName = "MigrationApplied", Level = LogLevel.Information,
            Message = "Applied schema migration {Version} ({Name})")]
        public static partial void MigrationApplied(ILogger logger, int version, string name);

        [LoggerMessage(EventId = 1102, EventName = "SchemaUpToDate", Level = LogLevel.Information,
            Message = "The schema is up to date (version {Version})")]
        public static partial void SchemaUpToDate(ILogger logger, int version);
    }
}
