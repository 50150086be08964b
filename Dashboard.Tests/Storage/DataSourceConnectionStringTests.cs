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
        Assert.Equal(DataSourceConnectionString.CustomPlans, result.Options);
    }

    [Fact]
    public void Options_the_user_gave_are_kept_and_no_plan_mode_is_added_without_preparing()
    {
        var extended = new NpgsqlConnectionStringBuilder(DataSourceConnectionString.From("Host=h;Options=-c statement_timeout=5000"));
        Assert.Equal("-c statement_timeout=5000 " + DataSourceConnectionString.CustomPlans, extended.Options);

        var theirs = new NpgsqlConnectionStringBuilder(DataSourceConnectionString.From("Host=h;Options=-c plan_cache_mode=auto"));
        Assert.Equal("-c plan_cache_mode=auto", theirs.Options);

        var off = new NpgsqlConnectionStringBuilder(DataSourceConnectionString.From("Host=h;Max Auto Prepare=0"));
        Assert.Null(off.Options);
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
    public async Task The_servers_data_source_keeps_its_hot_statements_prepared_and_planned_per_execution()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        await using var source = new NpgsqlDataSourceBuilder(DataSourceConnectionString.From(database)).Build();
        await using var connection = await source.OpenConnectionAsync();
        for (var i = 0; i < 20; i++)
        {
            await using var command = new NpgsqlCommand("SELECT $1::int + 1", connection) { Parameters = { new() { Value = i } } };
            await command.ExecuteScalarAsync();
        }

        // Npgsql prepares a statement at its fifth use; PostgreSQL would then switch to a generic plan after five custom
        // ones. Every execution stays custom.
        await using var prepared = new NpgsqlCommand(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE 'SELECT $1::int + 1%'", connection);
        await using var reader = await prepared.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "the statement is not prepared");
        Assert.Equal(0L, reader.GetInt64(0));
        Assert.InRange(reader.GetInt64(1), 10L, 20L);
        Assert.False(await reader.ReadAsync());
    }
}
