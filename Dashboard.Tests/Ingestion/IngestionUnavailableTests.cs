using Dashboard.Auth;
using Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Dashboard.Tests.Ingestion;

/// <summary>A server of its own: these tests close its database to connections.</summary>
public sealed class ClosableDatabaseServer : DashboardServer;

/// <summary>While PostgreSQL refuses connections: <c>503</c> with <c>Retry-After</c>, nothing stored, and a retry later succeeds.</summary>
public sealed class IngestionUnavailableTests(ClosableDatabaseServer server) : IClassFixture<ClosableDatabaseServer>
{
    [Fact]
    public async Task Database_refusing_connections_is_503_with_retry_after_and_the_retry_is_stored_once()
    {
        var tenant = Events.NewTenant();
        using var client = server.Http(server.Token(tenant, Scopes.Write));
        var e = Events.CallStarted("c-503");
        var database = new NpgsqlConnectionStringBuilder(server.ConnectionString).Database!;

        await SetAllowConnectionsAsync(database, allow: false);
        try
        {
            // Idle pooled connections would still work; a real outage takes them too.
            server.Services.GetRequiredService<NpgsqlDataSource>().Clear();

            using var response = await client.PostAsync(e);

            await response.AssertProblemAsync(503);
            Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        }
        finally
        {
            await SetAllowConnectionsAsync(database, allow: true);
        }

        using var retry = await client.PostAsync(e);
        await retry.AssertAcceptedAsync(1, 0);
        Assert.Equal(1, await Events.CountAsync(server.ConnectionString, tenant));
    }

    private static async Task SetAllowConnectionsAsync(string database, bool allow)
    {
        await using var admin = new NpgsqlConnection(TestPostgres.Server.ConnectionString);
        await admin.OpenAsync();
        await using var cmd = new NpgsqlCommand($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS {(allow ? "true" : "false")}", admin);
        await cmd.ExecuteNonQueryAsync();
    }
}
