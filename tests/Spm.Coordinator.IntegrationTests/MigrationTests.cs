using Dapper;
using Spm.Coordinator.IntegrationTests.Support;
using Spm.Coordinator.Store;

namespace Spm.Coordinator.IntegrationTests;

/// <summary>The schema migrations on a real PostgreSQL.</summary>
public sealed class MigrationTests
{
    [Fact]
    public async Task Apply_Twice_SecondRunIsANoOp()
    {
        await using var store = await StoreHarness.CreateAsync(migrate: false);

        var first = await store.NewMigrationRunner().ApplyAsync(CancellationToken.None);
        var tables = await TablesAsync(store);
        var second = await store.NewMigrationRunner().ApplyAsync(CancellationToken.None);

        Assert.Equal(MigrationRunner.Migrations.Select(m => m.Version), first);
        Assert.Empty(second);
        Assert.Equal(tables, await TablesAsync(store));
        foreach (var table in new[] { "pools", "leases", "domains", "volumes", "hosts", "extend_requests", "request_events", "policy", "schema_migrations" })
        {
            Assert.Contains(table, tables);
        }

        await using var connection = await store.DataSource.OpenConnectionAsync();
        Assert.Equal(MigrationRunner.Migrations.Count, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task Apply_TwoCoordinatorsAtOnce_DoNotConflict()
    {
        await using var store = await StoreHarness.CreateAsync(migrate: false);

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => store.NewMigrationRunner().ApplyAsync(CancellationToken.None))));

        Assert.Equal(MigrationRunner.Migrations.Count, runs.Sum(r => r.Count));
        Assert.Single(runs, r => r.Count > 0);
    }

    private static async Task<List<string>> TablesAsync(StoreHarness store)
    {
        await using var connection = await store.DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<string>(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name")).ToList();
    }
}
