using System.Text.Json;
using Dashboard.Ingestion;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Ingestion;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Dashboard.Tests.Notifications;

/// <summary>
/// Producer notifications are written by the events INSERT's own statement (docs/notifications.md, "Storage"): one per
/// newly stored <c>notification.created</c>, none for a duplicate, also when several requests share the statement (group
/// commit), each request told its own ids; a statement PostgreSQL refuses stores none.
/// </summary>
public sealed class NotificationStorageTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    [Fact]
    public async Task A_shared_statement_stores_one_notification_per_newly_stored_event_and_returns_each_requests_ids()
    {
        var tenant = Tenants.New();
        var store = server.Services.GetRequiredService<EventStore>();
        await store.InsertStoredAsync([new EventInsert(tenant, [Note("old")], null, [Draft("old")])], CancellationToken.None);

        var stored = await store.InsertStoredAsync(
            [
                new EventInsert(tenant, [Note("a"), Note("old"), Other("x")], null, [Draft("a"), Draft("old again"), null]),
                new EventInsert(tenant, [Note("b")], null, [Draft("b")]),
                new EventInsert(tenant, [Note("a"), Note("c")], null, [Draft("a repeated"), Draft("c")]),
                new EventInsert(tenant, [Note("no-draft")]),
            ],
            CancellationToken.None);

        var rows = await RowsAsync(tenant);
        Assert.Equal(["old", "a", "b", "c"], rows.Select(r => r.Title));
        Assert.Equal(["old", "a", "b", "c"], rows.Select(r => r.EventId));
        Assert.Equal<long[]>([rows[1].Id, 0, 0], stored[0].NotificationIds);
        Assert.Equal<bool[]>([true, false, true], stored[0].IsNew);
        Assert.Equal<long[]>([rows[2].Id], stored[1].NotificationIds);
        Assert.Equal<long[]>([0, rows[3].Id], stored[2].NotificationIds);
        Assert.Equal<long[]>([0], stored[3].NotificationIds);
        Assert.Equal<bool[]>([true], stored[3].IsNew);
        Assert.All(stored, s => Assert.Equal(rows[1].CreatedAt, s.ReceivedAt));
        Assert.Equal(("warning", "ops", "/x"), (rows[1].Severity, rows[1].Category, rows[1].ActionUrl));
    }

    [Fact]
    public async Task A_statement_postgresql_refuses_stores_neither_events_nor_notifications()
    {
        var tenant = Tenants.New();
        var store = server.Services.GetRequiredService<EventStore>();
        // jsonb refuses \u0000 (SQLSTATE 22P05), after the notification's row was already built in the same statement.
        var refused = new CloudEvent("bad", "/ops", "user.active", null, DateTimeOffset.UtcNow, JsonDocument.Parse("""{"userId":"\u0000"}""").RootElement.Clone());
        await Assert.ThrowsAsync<EventsRejectedByStorageException>(() => store.InsertStoredAsync(
            [new EventInsert(tenant, [Note("n"), refused], null, [Draft("n"), null])], CancellationToken.None));
        Assert.Empty(await RowsAsync(tenant));
        Assert.Equal(0, await Events.CountAsync(server.ConnectionString, tenant));
    }

    private async Task<List<(long Id, string Title, string? EventId, string Severity, string? Category, string? ActionUrl, DateTimeOffset CreatedAt)>> RowsAsync(string tenant)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT id, title, event_id, severity, category, action_url, created_at FROM notifications WHERE tenant = $1 ORDER BY id", connection);
        command.Parameters.AddWithValue(tenant);
        var rows = new List<(long, string, string?, string, string?, string?, DateTimeOffset)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), new DateTimeOffset(reader.GetDateTime(6), TimeSpan.Zero)));
        }

        return rows;
    }

    private static EventNotification Draft(string title) => new(title, "m", "warning", "ops", "/x");

    private static CloudEvent Note(string id) =>
        new(id, "/ops", "notification.created", null, DateTimeOffset.UtcNow, JsonSerializer.SerializeToElement(new { title = id, message = "m" }));

    private static CloudEvent Other(string id) =>
        new(id, "/ops", "user.active", null, DateTimeOffset.UtcNow, JsonSerializer.SerializeToElement(new { userId = "u-1" }));
}
