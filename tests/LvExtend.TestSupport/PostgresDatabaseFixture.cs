using Xunit;

namespace LvExtend.TestSupport;

/// <summary>
/// xUnit fixture owning one <see cref="PostgresDatabase"/> for a test class or collection
/// (<c>IClassFixture&lt;PostgresDatabaseFixture&gt;</c> or <c>ICollectionFixture&lt;PostgresDatabaseFixture&gt;</c>).
/// </summary>
public sealed class PostgresDatabaseFixture : IAsyncLifetime
{
    private PostgresDatabase? _database;

    /// <summary>The database (available once xUnit has run <see cref="InitializeAsync"/>).</summary>
    public PostgresDatabase Database => _database ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>The database's connection string.</summary>
    public string ConnectionString => Database.ConnectionString;

    public async Task InitializeAsync() => _database = await PostgresDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
