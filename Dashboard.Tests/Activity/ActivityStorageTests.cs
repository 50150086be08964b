using System.Text.Json;
using Dashboard.Ingestion;
using Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Dashboard.Tests.Activity;

/// <summary>
/// The activity lines are written by the events INSERT's own statement (docs/activity.md): one per row it stored, none
/// for a duplicate, also when several requests share the statement (group commit).
/// </summary>
public sealed class ActivityStorageTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    [Fact]
    public async Task A_shared_statement_writes_one_line_per_newly_stored_event_in_request_order()
    {
        var tenant = Tenants.New();
        var store = server.Services.GetRequiredService<EventStore>();
        await store.InsertAsync([new EventInsert(tenant, [Event("old")], [Line("old")])], CancellationToken.None);

        var stored = await store.InsertAsync(
            [
                new EventInsert(tenant, [Event("k"), Event("old")], [Line("k first"), Line("old again")]),
                new EventInsert(tenant, [Event("other")], [Line("other")]),
                new EventInsert(tenant, [Event("k"), Event("new")], [Line("k repeated"), Line("new")]),
                new EventInsert(tenant, [Event("no-line")]),
            ],
            CancellationToken.None);

        Assert.Equal<bool[]>([true, false], stored[0]);
        Assert.Equal<bool[]>([false, true], stored[2]);
        Assert.Equal<bool[]>([true], stored[3]);
        Assert.Equal(["old", "k first", "other", "new"], await SummariesAsync(tenant));
    }

    private async Task<List<string>> SummariesAsync(string tenant)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT summary FROM activity WHERE tenant = $1 ORDER BY id", connection);
        command.Parameters.AddWithValue(tenant);
        var summaries = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            summaries.Add(reader.GetString(0));
        }

        return summaries;
    }

    private static EventActivityLine Line(string summary) => new("commerce", "u-1", summary, "info");

    private static CloudEvent Event(string id) =>
        new(id, "/test/activity", "user.active", null, DateTimeOffset.UtcNow, JsonSerializer.SerializeToElement(new { userId = "u-1" }));
}
