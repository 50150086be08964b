using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Dashboard.Auth;
using Dashboard.Realtime;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Ingestion;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Dashboard.Tests.Activity;

/// <summary>
/// The activity feed end to end (docs/activity.md): a line stored with each newly accepted event and none for a
/// duplicate, one live message per event up to Activity:MaxMessagesPerRequest and one coalesced message above it
/// (a 1,000-event batch over a real WebSocket), the snapshot on subscribe, context from folded state, REST, tenants apart.
/// </summary>
public sealed class ActivityFeedTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Each_new_event_gets_one_line_and_one_message_and_a_duplicate_gets_neither()
    {
        var tenant = Events.NewTenant();
        var subscriber = Subscribe(tenant);
        try
        {
            using var client = server.Http(server.Token(tenant, Scopes.Write));
            var time = RecentTime(10, 0);
            var batch = new JsonNode[]
            {
                Timed(Events.Event("call.started", new() { ["callId"] = "c-1", ["direction"] = "inbound", ["queue"] = "support" }), time),
                Timed(Events.Event("transaction.updated", new() { ["transactionId"] = "t-9", ["amount"] = 12.5, ["currency"] = "EUR", ["status"] = "failed" }, source: "/shop"), time),
                Timed(Events.Event("notification.created", new() { ["title"] = "Disk full", ["message"] = "92 %", ["severity"] = "error" }, source: "/ops"), time),
            };
            using var first = await client.PostAsync(Events.Array(batch), Events.Batch);
            await first.AssertAcceptedAsync(3, 0);

            var messages = new[] { await subscriber.NextAsync(Wait), await subscriber.NextAsync(Wait), await subscriber.NextAsync(Wait) };
            Assert.All(messages, m => Assert.False(m.IsSnapshot));
            Assert.Equal([messages[0].Seq + 1, messages[0].Seq + 2], [messages[1].Seq, messages[2].Seq]);
            var data = messages.Select(m => JsonDocument.Parse(m.Json).RootElement.GetProperty("data")).ToList();
            Assert.Equal((string)batch[0]["id"]!, data[0].GetProperty("eventId").GetString());
            Assert.Equal("/dialer/test", data[0].GetProperty("source").GetString());
            Assert.Equal("call.started", data[0].GetProperty("type").GetString());
            Assert.Equal("voice", data[0].GetProperty("domain").GetString());
            Assert.Equal("c-1", data[0].GetProperty("subject").GetString());
            Assert.Equal("Inbound call c-1 started in support", data[0].GetProperty("summary").GetString());
            Assert.Equal("info", data[0].GetProperty("severity").GetString());
            Assert.Equal(DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture), data[0].GetProperty("time").GetDateTimeOffset());
            Assert.EndsWith("Z", data[0].GetProperty("time").GetString(), StringComparison.Ordinal);
            Assert.Equal(("Payment of 12.50 EUR failed on t-9", "warning", "commerce"), (data[1].GetProperty("summary").GetString(), data[1].GetProperty("severity").GetString(), data[1].GetProperty("domain").GetString()));
            Assert.Equal(("Disk full", "error", "/ops"), (data[2].GetProperty("summary").GetString(), data[2].GetProperty("severity").GetString(), data[2].GetProperty("source").GetString()));

            // The 202 is written after publishing is queued, so anything a duplicate caused would be here already.
            using var again = await client.PostAsync(Events.Array(batch), Events.Batch);
            await again.AssertAcceptedAsync(0, 3);
            Assert.False(subscriber.TryTake(out _));
            Assert.Equal(3, await LineCountAsync(tenant));
        }
        finally
        {
            Unsubscribe(tenant, subscriber);
        }
    }

    [Fact]
    public async Task Ten_new_events_are_ten_messages_and_eleven_are_one_coalesced_message()
    {
        var tenant = Events.NewTenant();
        var subscriber = Subscribe(tenant);
        try
        {
            using var client = server.Http(server.Token(tenant, Scopes.Write));
            var ten = UserEvents(10);
            using (var response = await client.PostAsync(Events.Array(ten), Events.Batch))
            {
                await response.AssertAcceptedAsync(10, 0);
            }

            for (var i = 0; i < 10; i++)
            {
                var entry = Data(await subscriber.NextAsync(Wait));
                Assert.Equal((string)ten[i]["id"]!, entry.GetProperty("eventId").GetString());
            }

            Assert.False(subscriber.TryTake(out _));

            // One already stored: 11 new of 12 is above the default 10.
            var twelve = UserEvents(11).Prepend(ten[0]).ToArray();
            using (var response = await client.PostAsync(Events.Array(twelve), Events.Batch))
            {
                await response.AssertAcceptedAsync(11, 1);
            }

            var list = Data(await subscriber.NextAsync(Wait));
            Assert.Equal(11, list.GetProperty("count").GetInt32());
            Assert.Equal(twelve.Skip(1).Reverse().Select(e => (string?)e["id"]), list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("eventId").GetString()));
            Assert.False(subscriber.TryTake(out _));
            Assert.Equal(21, await LineCountAsync(tenant));
        }
        finally
        {
            Unsubscribe(tenant, subscriber);
        }
    }

    [Fact]
    public async Task A_thousand_event_batch_is_one_coalesced_message_on_a_websocket_and_a_thousand_lines()
    {
        var tenant = Events.NewTenant();
        var (socket, _) = await ProtocolClient.ConnectAuthenticatedAsync(server, server.Token(tenant));
        await using var _socket = socket;
        await socket.SendAsync(new { type = "subscribe", id = "r1", topics = new[] { Topics.Activity } });
        await socket.ReceiveUntilAsync(m => m.GetProperty("type").GetString() == "subscribed", Wait);

        using var client = server.Http(server.Token(tenant, Scopes.Write));
        var batch = UserEvents(1000);
        using (var response = await client.PostAsync(Events.Array(batch), Events.Batch))
        {
            await response.AssertAcceptedAsync(1000, 0);
        }

        var coalesced = await socket.ReceiveUntilAsync(m => IsActivity(m) && m.GetProperty("data").TryGetProperty("count", out var c) && c.GetInt32() == 1000, Wait);
        var items = coalesced.GetProperty("data").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("eventId").GetString()).ToList();
        Assert.Equal(batch.Skip(800).Reverse().Select(e => (string?)e["id"]), items);

        // Everything else on the topic until our ping's answer may only be the tick's snapshot, never a message per event.
        await socket.SendAsync(new { type = "ping", id = "after" });
        await socket.ReceiveUntilAsync(m =>
        {
            Assert.False(IsActivity(m) && m.GetProperty("data").TryGetProperty("eventId", out _), "an activity message per event");
            return m.GetProperty("type").GetString() == "pong";
        }, Wait);
        Assert.Equal(WebSocketState.Open, socket.Socket.State);
        Assert.Equal(1000, await LineCountAsync(tenant));
    }

    [Fact]
    public async Task The_snapshot_on_subscribe_holds_the_last_200_newest_first_of_the_tenant_only()
    {
        var tenant = Events.NewTenant();
        var other = Events.NewTenant();
        using var writer = server.Http(server.Token(tenant, Scopes.Write));
        using var otherWriter = server.Http(server.Token(other, Scopes.Write));
        var batch = UserEvents(250);
        using (var response = await writer.PostAsync(Events.Array(batch), Events.Batch))
        {
            await response.AssertAcceptedAsync(250, 0);
        }

        using (var response = await otherWriter.PostAsync(Events.Array(UserEvents(3)), Events.Batch))
        {
            await response.AssertAcceptedAsync(3, 0);
        }

        // The tick publishes the snapshot within a second or so of the lines.
        using var reader = server.Http(server.Token(tenant));
        await Poll.UntilAsync(async () =>
        {
            using var snapshot = await reader.GetAsync("/api/v1/snapshots/activity");
            return snapshot.StatusCode == HttpStatusCode.OK
                && (await snapshot.JsonAsync()).GetProperty("data").GetProperty("items")[0].GetProperty("eventId").GetString() == (string)batch[^1]["id"]!;
        }, Wait, "the activity snapshot with the batch's newest line");

        var (socket, _) = await ProtocolClient.ConnectAuthenticatedAsync(server, server.Token(tenant));
        await using var _socket = socket;
        await socket.SendAsync(new { type = "subscribe", id = "r1", topics = new[] { Topics.Activity } });
        var message = await socket.ReceiveUntilAsync(IsActivity, Wait);
        var data = message.GetProperty("data");
        Assert.Equal(200, data.GetProperty("count").GetInt32());
        Assert.Equal(batch.Skip(50).Reverse().Select(e => (string?)e["id"]), data.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("eventId").GetString()));
    }

    [Fact]
    public async Task Rest_lists_newest_first_with_limit_and_type_and_refuses_bad_parameters()
    {
        var tenant = Events.NewTenant();
        using var writer = server.Http(server.Token(tenant, Scopes.Write));
        var batch = new JsonNode[]
        {
            Events.Event("call.started", new() { ["callId"] = "c-1", ["direction"] = "outbound" }),
            Events.Event("call.answered", new() { ["callId"] = "c-1" }),
            Events.Event("chat.session_started", new() { ["sessionId"] = "s-1" }),
            Events.Event("metric.reported", new() { ["name"] = "leads", ["value"] = 12 }),
            Events.Event("call.ended", new() { ["callId"] = "c-1", ["outcome"] = "failed" }),
        };
        using (var response = await writer.PostAsync(Events.Array(batch), Events.Batch))
        {
            await response.AssertAcceptedAsync(5, 0);
        }

        using (var foreign = await server.Http(server.Token(Events.NewTenant(), Scopes.Write)).PostAsync(Events.Array(UserEvents(2)), Events.Batch))
        {
            await foreign.AssertAcceptedAsync(2, 0);
        }

        using var client = server.Http(server.Token(tenant));
        Assert.Equal(batch.Reverse().Select(e => (string?)e["id"]), await IdsAsync(client, ""));
        Assert.Equal(batch.Reverse().Take(2).Select(e => (string?)e["id"]), await IdsAsync(client, "?limit=2"));
        Assert.Equal(new[] { 4, 1, 0 }.Select(i => (string?)batch[i]["id"]), await IdsAsync(client, "?type=voice"));
        Assert.Equal([(string?)batch[1]["id"]], await IdsAsync(client, "?type=call.answered"));
        Assert.Equal([(string?)batch[3]["id"]], await IdsAsync(client, "?type=kpi&limit=200"));
        Assert.Empty(await IdsAsync(client, "?type=commerce"));
        using (var body = await client.GetAsync("/api/v1/activity?type=call.ended"))
        {
            var json = await body.JsonAsync();
            Assert.Equal(1, json.GetProperty("count").GetInt32());
            var line = json.GetProperty("items")[0];
            Assert.Equal(("Call c-1 failed", "warning", "voice", "c-1"), (line.GetProperty("summary").GetString(), line.GetProperty("severity").GetString(), line.GetProperty("domain").GetString(), line.GetProperty("subject").GetString()));
        }

        foreach (var (query, parameter) in new[] { ("limit=0", "limit"), ("limit=201", "limit"), ("limit=ten", "limit"), ("type=calls", "type"), ("type=", "type") })
        {
            using var bad = await client.GetAsync("/api/v1/activity?" + query);
            var problem = await bad.AssertProblemAsync(400);
            Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), $"{query}: {problem}");
        }

        using (var openApi = await server.Http().GetAsync("/openapi/v1.json"))
        {
            var operation = (await openApi.JsonAsync()).GetProperty("paths").GetProperty("/api/v1/activity").GetProperty("get");
            var parameters = operation.GetProperty("parameters").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
            Assert.Contains("voice", parameters["type"].GetProperty("schema").GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
            Assert.Contains("call.answered", parameters["type"].GetProperty("schema").GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
            Assert.True(parameters.ContainsKey("limit"));
        }

        using var anonymous = await server.Http().GetAsync("/api/v1/activity");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var writeOnly = await writer.GetAsync("/api/v1/activity");
        Assert.Equal(HttpStatusCode.Forbidden, writeOnly.StatusCode);
    }

    [Fact]
    public async Task A_summary_uses_the_folded_state_of_earlier_requests()
    {
        var tenant = Events.NewTenant();
        using var writer = server.Http(server.Token(tenant, Scopes.Write));
        var queued = RecentTime(11, 0);
        using (var response = await writer.PostAsync(Events.Array(
            Timed(Events.Event("agent.status_changed", new() { ["agentId"] = "a-1", ["name"] = "Ana", ["status"] = "available" }), queued),
            Timed(Events.Event("call.started", new() { ["callId"] = "c-17", ["direction"] = "inbound" }), queued),
            Timed(Events.Event("call.queued", new() { ["callId"] = "c-17", ["queue"] = "support" }), queued)), Events.Batch))
        {
            await response.AssertAcceptedAsync(3, 0);
        }

        await Poll.UntilAsync(async () =>
        {
            await using var connection = new NpgsqlConnection(server.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT (SELECT count(*) FROM calls WHERE tenant = $1 AND queued_at IS NOT NULL) + (SELECT count(*) FROM agents WHERE tenant = $1 AND name = 'Ana')", connection);
            command.Parameters.AddWithValue(tenant);
            return (long)(await command.ExecuteScalarAsync())! == 2;
        }, Wait, "the call and the agent folded");

        var answered = Timed(Events.Event("call.answered", new() { ["callId"] = "c-17", ["agentId"] = "a-1" }), RecentTime(11, 0, 42));
        using (var response = await writer.PostAsync(answered))
        {
            await response.AssertAcceptedAsync(1, 0);
        }

        using var client = server.Http(server.Token(tenant));
        using var body = await client.GetAsync("/api/v1/activity?type=call.answered");
        var line = (await body.JsonAsync()).GetProperty("items")[0];
        Assert.Equal(("Call c-17 answered by Ana after 0:42 in support", "success"), (line.GetProperty("summary").GetString(), line.GetProperty("severity").GetString()));
    }

    private static bool IsActivity(JsonElement m) => m.GetProperty("type").GetString() == "activity";

    private static async Task<List<string?>> IdsAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync("/api/v1/activity" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.JsonAsync();
        var ids = json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("eventId").GetString()).ToList();
        Assert.Equal(ids.Count, json.GetProperty("count").GetInt32());
        return ids;
    }

    private static JsonObject[] UserEvents(int n) =>
        [.. Enumerable.Range(0, n).Select(i => Events.Event("user.active", new() { ["userId"] = $"u-{i}" }, source: "/shop"))];

    private static JsonObject Timed(JsonObject e, string time)
    {
        e["time"] = time;
        return e;
    }

    private static JsonElement Data(Dashboard.Realtime.HubMessage message) => JsonDocument.Parse(message.Json).RootElement.GetProperty("data").Clone();

    private async Task<long> LineCountAsync(string tenant)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM activity WHERE tenant = $1", connection);
        command.Parameters.AddWithValue(tenant);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private LiveActivity Subscribe(string tenant)
    {
        var subscriber = new LiveActivity();
        server.Services.GetRequiredService<RealtimeHub>().Subscribe(tenant, Topics.Activity, subscriber);
        return subscriber;
    }

    private void Unsubscribe(string tenant, LiveActivity subscriber) =>
        server.Services.GetRequiredService<RealtimeHub>().Unsubscribe(tenant, Topics.Activity, subscriber);

    // Yesterday hh:mm:ss UTC in the server's millisecond 'Z' form: recent enough for Ingestion:MaxEventAgeDays.
    private static string RecentTime(int hour, int minute, int second = 0) =>
        DateTime.UtcNow.Date.AddDays(-1).AddHours(hour).AddMinutes(minute).AddSeconds(second)
            .ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Records the live (non-snapshot) messages of the topic; the tick's snapshots are ignored.</summary>
    private sealed class LiveActivity : IHubSubscriber
    {
        private readonly Channel<HubMessage> _messages = Channel.CreateUnbounded<HubMessage>();

        public void Deliver(HubMessage message)
        {
            if (!message.IsSnapshot)
            {
                _messages.Writer.TryWrite(message);
            }
        }

        public void Resync(string topic, HubMessage? snapshot)
        {
        }

        public bool TryTake(out HubMessage? message) => _messages.Reader.TryRead(out message);

        public async Task<HubMessage> NextAsync(TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            return await _messages.Reader.ReadAsync(cts.Token);
        }
    }
}
