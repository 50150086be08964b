using Dashboard.Storage;
using Dashboard.Tests.Infrastructure;
using Npgsql;

namespace Dashboard.Tests.Storage;

public sealed class DataSourceConnectionStringTests
{
    [Fact]
    public void A_connection_string_that_says_nothing_gets_auto_prepare_and_the_application_name()
    {
        var result = new NpgsqlConnectionStringBuilder(DataSourceConnectionString.From("Host=127.0.0.1;Username=u;Database=d"));

        Assert.Equal(DataSourceConnectionString.DefaultMaxAutoPrepare, result.MaxAutoPrepare);
        Assert.Equal("dashboard", result.ApplicationName);
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Max Auto Prepare=0;Application Name=mine", 0)]
    [InlineData("Host=127.0.0.1;MaxAutoPrepare=5;Application Name=mine", 5)]
    public void What_the_user_set_is_kept_zero_included(string connectionString, int expected)
    {
        var result = new NpgsqlConnectionStringBuilder(DataSourceConnectionString.From(connectionString));

        Assert.Equal(expected, result.MaxAutoPrepare);
        Assert.Equal("mine", result.ApplicationName);
    }

    [Fact]
    public async Task The_servers_data_source_keeps_its_hot_statements_prepared_on_PostgreSQL()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        await using var source = new NpgsqlDataSourceBuilder(DataSourceConnectionString.From(database)).Build();
        await using var connection = await source.OpenConnectionAsync();
        for (var i = 0; i < 6; i++)
        {
            await using var command = new NpgsqlCommand("SELECT $1::int + 1", connection) { Parameters = { new() { Value = i } } };
            await command.ExecuteScalarAsync();
        }

        await using var prepared = new NpgsqlCommand("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE 'SELECT $1::int + 1%'", connection);
        Assert.Equal(1L, await prepared.ExecuteScalarAsync());
    }
}
