using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Auth;
using Dashboard.Notifications;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Ingestion;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Dashboard.Tests.Notifications;

/// <summary>
/// The notification feed end to end over a real WebSocket (docs/notifications.md): a <c>notification.created</c> is stored
/// and pushed at once as a <c>notification</c> message, a duplicate makes neither a row nor a message, more than
/// Activity:MaxMessagesPerRequest new notifications in a request are one coalesced message, and subscribe returns the
/// snapshot of the newest 100 (producer and rule rows alike).
/// </summary>
public sealed class NotificationFeedTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_new_notification_is_one_live_message_with_its_fields_and_a_duplicate_makes_no_row_and_no_message()
    {
        var tenant = Events.NewTenant();
        await using var socket = await SubscribeAsync(tenant);
        using var writer = server.Http(server.Token(tenant, Scopes.Write));
        var note = Events.Event("notification.created", new()
        {
            ["title"] = "Disk almost full", ["message"] = "92 % on db-1\nclean up", ["severity"] = "warning",
            ["category"] = "ops", ["actionUrl"] = "/system",
        }, source: "/ops");
        var batch = new JsonNode[] { Events.Event("user.active", new() { ["userId"] = "u-1" }, source: "/shop"), note };
        using (var response = await writer.PostAsync(Events.Array(batch), Events.Batch))
        {
            await response.AssertAcceptedAsync(2, 0);
        }

        var message = await socket.ReceiveUntilAsync(IsLive, Wait);
        Assert.Equal("notifications", message.GetProperty("topic").GetString());
        var data = message.GetProperty("data");
        Assert.Equal(("Disk almost full", "92 % on db-1\nclean up", "warning"), (data.GetProperty("title").GetString(), data.GetProperty("message").GetString(), data.GetProperty("severity").GetString()));
        Assert.Equal(("ops", "/system", "producer"), (data.GetProperty("category").GetString(), data.GetProperty("actionUrl").GetString(), data.GetProperty("source").GetString()));
        foreach (var member in new[] { "ruleId", "alertId", "state", "read" })
        {
            Assert.Equal(JsonValueKind.Null, data.GetProperty(member).ValueKind);
        }

        Assert.EndsWith("Z", data.GetProperty("createdAt").GetString(), StringComparison.Ordinal);
        var rows = await RowsAsync(tenant);
        Assert.Equal([(data.GetProperty("id").GetInt64(), "producer", "/ops", (string)note["id"]!)], rows.Select(r => (r.Id, r.Source, r.EventSource, r.EventId)));
        Assert.Equal(rows[0].CreatedAt, data.GetProperty("createdAt").GetDateTimeOffset());

        using (var again = await writer.PostAsync(note))
        {
            await again.AssertAcceptedAsync(0, 1);
        }

        await AssertNoLiveMessageBeforePongAsync(socket);
        Assert.Single(await RowsAsync(tenant));
    }

    [Fact]
    public async Task Ten_new_notifications_are_ten_messages_and_a_big_batch_is_one_coalesced_message_of_its_newest_100()
    {
        var tenant = Events.NewTenant();
        await using var socket = await SubscribeAsync(tenant);
        using var writer = server.Http(server.Token(tenant, Scopes.Write));
        var ten = Notes(10, "ten");
        using (var response = await writer.PostAsync(Events.Array(ten), Events.Batch))
        {
            await response.AssertAcceptedAsync(10, 0);
        }

        var titles = new List<string?>();
        for (var i = 0; i < 10; i++)
        {
            titles.Add((await socket.ReceiveUntilAsync(IsLive, Wait)).GetProperty("data").GetProperty("title").GetString());
        }

        Assert.Equal(ten.Select(e => (string?)e["data"]!["title"]), titles);

        // 150 new among 151 (one already stored): one message, whatever Activity:MaxMessagesPerRequest's 10 allow per event.
        var big = Notes(150, "big").Prepend(ten[0]).ToArray();
        using (var response = await writer.PostAsync(Events.Array(big), Events.Batch))
        {
            await response.AssertAcceptedAsync(150, 1);
        }

        var coalesced = await socket.ReceiveUntilAsync(m => IsNotification(m) && m.GetProperty("data").TryGetProperty("count", out var c) && c.GetInt32() == 150, Wait);
        var items = coalesced.GetProperty("data").GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(big.Skip(51).Reverse().Select(e => (string?)e["data"]!["title"]), items.Select(i => i.GetProperty("title").GetString()));
        var ids = items.Select(i => i.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(ids.OrderDescending(), ids);
        await AssertNoLiveMessageBeforePongAsync(socket);
        Assert.Equal(160, (await RowsAsync(tenant)).Count);
        Assert.Equal(WebSocketState.Open, socket.Socket.State);
    }

    [Fact]
    public async Task Subscribe_gets_the_snapshot_of_the_newest_100_newest_first_with_rule_notifications_and_only_the_tenants()
    {
        var tenant = Events.NewTenant();
        var other = Events.NewTenant();
        using (var response = await server.Http(server.Token(tenant, Scopes.Write)).PostAsync(Events.Array(Notes(120, "n")), Events.Batch))
        {
            await response.AssertAcceptedAsync(120, 0);
        }

        using (var response = await server.Http(server.Token(other, Scopes.Write)).PostAsync(Events.Array(Notes(2, "other")), Events.Batch))
        {
            await response.AssertAcceptedAsync(2, 0);
        }

        // As the alert evaluator writes one: in its transaction (docs/alerts.md), published by the next tick's snapshot.
        NotificationItem rule;
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var tx = await connection.BeginTransactionAsync();
            rule = await RuleNotificationRows.InsertAsync(connection, tenant, "longest-wait", 7, "firing", "Longest wait above 5:00", "support: 5:12",
                "warning", "/alerts", DateTimeOffset.UtcNow, CancellationToken.None);
            await tx.CommitAsync();
        }

        using var reader = server.Http(server.Token(tenant));
        await Poll.UntilAsync(async () =>
        {
            using var snapshot = await reader.GetAsync("/api/v1/snapshots/notifications");
            return snapshot.StatusCode == HttpStatusCode.OK
                && (await snapshot.JsonAsync()).GetProperty("data").GetProperty("items")[0].GetProperty("id").GetInt64() == rule.Id;
        }, Wait, "the notifications snapshot with the rule's notification first");

        await using var socket = await SubscribeAsync(tenant);
        var data = (await socket.ReceiveUntilAsync(IsNotification, Wait)).GetProperty("data");
        Assert.Equal(100, data.GetProperty("count").GetInt32());
        var items = data.GetProperty("items").EnumerateArray().ToList();
        var expected = (await RowsAsync(tenant)).Select(r => r.Id).OrderDescending().Take(100);
        Assert.Equal(expected, items.Select(i => i.GetProperty("id").GetInt64()));
        Assert.Equal(("rule", "longest-wait", 7L, "firing", "alert"), (items[0].GetProperty("source").GetString(), items[0].GetProperty("ruleId").GetString(),
            items[0].GetProperty("alertId").GetInt64(), items[0].GetProperty("state").GetString(), items[0].GetProperty("category").GetString()));
        Assert.Equal("n-119", items[1].GetProperty("title").GetString());
        Assert.All(items, i => Assert.Equal(JsonValueKind.Null, i.GetProperty("read").ValueKind));
    }

    internal static JsonObject[] Notes(int n, string prefix) =>
        [.. Enumerable.Range(0, n).Select(i => Events.Event("notification.created", new() { ["title"] = $"{prefix}-{i}", ["message"] = "m", ["severity"] = "info" }, source: "/ops"))];

    private static bool IsNotification(JsonElement m) => m.GetProperty("type").GetString() == NotificationMessages.Type;

    // A single notification has an id; the snapshot and a coalesced message have items.
    private static bool IsLive(JsonElement m) => IsNotification(m) && m.GetProperty("data").TryGetProperty("id", out _);

    private async Task<ProtocolClient> SubscribeAsync(string tenant)
    {
        var (socket, _) = await ProtocolClient.ConnectAuthenticatedAsync(server, server.Token(tenant));
        await socket.SendAsync(new { type = "subscribe", id = "r1", topics = new[] { "notifications" } });
        await socket.ReceiveUntilAsync(m => m.GetProperty("type").GetString() == "subscribed", Wait);
        return socket;
    }

    // The 202 is written once the messages are queued and applied on this node, so one a request caused is ahead of the pong.
    private static async Task AssertNoLiveMessageBeforePongAsync(ProtocolClient socket)
    {
        await socket.SendAsync(new { type = "ping", id = "after" });
        await socket.ReceiveUntilAsync(m =>
        {
            Assert.False(IsLive(m), "a notification message: " + m);
            return m.GetProperty("type").GetString() == "pong";
        }, Wait);
    }

    private async Task<List<(long Id, string Source, string? EventSource, string? EventId, DateTimeOffset CreatedAt)>> RowsAsync(string tenant)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id, source, event_source, event_id, created_at FROM notifications WHERE tenant = $1 ORDER BY id", connection);
        command.Parameters.AddWithValue(tenant);
        var rows = new List<(long, string, string?, string?, DateTimeOffset)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                new DateTimeOffset(reader.GetDateTime(4), TimeSpan.Zero)));
        }

        return rows;
    }
}
