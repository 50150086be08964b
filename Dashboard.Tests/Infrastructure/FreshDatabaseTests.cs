namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// A test class whose every test gets a <see cref="MetricsDatabase"/> of its own (xunit creates the class per test and
/// calls <see cref="InitializeAsync"/> before it and <see cref="DisposeAsync"/> after it).
/// </summary>
public abstract class FreshDatabaseTests : IAsyncLifetime
{
    private MetricsDatabase? _db;

    /// <summary>This test's database; set before the test runs.</summary>
    protected MetricsDatabase Db => _db ?? throw new InvalidOperationException("The database is created in InitializeAsync.");

    /// <inheritdoc />
    public async Task InitializeAsync() => _db = await MetricsDatabase.CreateAsync();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }
}
