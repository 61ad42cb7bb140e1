using LvExtend.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Spm.Coordinator.Store;

namespace Spm.Coordinator.IntegrationTests.Support;

/// <summary>A fresh migrated database and the coordinator's PostgreSQL stores on it.</summary>
internal sealed class StoreHarness : IAsyncDisposable
{
    private StoreHarness(PostgresDatabase database, NpgsqlDataSource dataSource)
    {
        Database = database;
        DataSource = dataSource;
        Leases = new PostgresLeaseStore(dataSource);
        Requests = new PostgresRequestStore(dataSource);
        RequestReader = new PostgresRequestReader(dataSource);
        Domains = new PostgresDomainStore(dataSource);
        Policies = new PostgresPolicyStore(dataSource);
    }

    public PostgresDatabase Database { get; }

    public NpgsqlDataSource DataSource { get; }

    public PostgresLeaseStore Leases { get; }

    public PostgresRequestStore Requests { get; }

    public PostgresRequestReader RequestReader { get; }

    public PostgresDomainStore Domains { get; }

    public PostgresPolicyStore Policies { get; }

    public static async Task<StoreHarness> CreateAsync(bool migrate = true)
    {
        var database = await PostgresDatabase.CreateAsync();
        var dataSource = database.CreateDataSource();
        var harness = new StoreHarness(database, dataSource);
        if (migrate)
        {
            await harness.NewMigrationRunner().ApplyAsync(CancellationToken.None);
        }

        return harness;
    }

    public MigrationRunner NewMigrationRunner() => new(DataSource, NullLogger<MigrationRunner>.Instance);

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await Database.DisposeAsync();
    }
}
