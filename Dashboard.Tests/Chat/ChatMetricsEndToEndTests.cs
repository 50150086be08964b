using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Ingestion;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dashboard.Tests.Chat;

/// <summary>
/// POST /api/v1/events with explicit times → the chat fold → the 1 s tick → <c>chat_update</c> over WebSocket, the same
/// numbers from <c>GET /api/v1/chat</c>, no republishing while only the clock moves, and no tenant seeing another's chat.
/// </summary>
public sealed class ChatMetricsEndToEndTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    /// <summary>
    /// From t: s1 (web) started 0, customer message 5, assigned to a-1 at 20, agent reply 50 (delivered 52 and read 55,
    /// folded read first), closed resolved 300. s2 (whatsapp) started 10, closed unassigned and unresolved 100. s3 started
    /// 30, still waiting. s4 started 40, assigned to a-2 at 70, agent image 80 (failed 85), open. CSAT 5 on s1 (no agent:
    /// s1's), 2 by a-2, 4 with neither. A caller waits in queue support (so each tick publishes a queue_updated).
    /// </summary>
    private static string Traffic(DateTime t, string prefix)
    {
        JsonObject At(double seconds, string type, JsonObject data)
        {
            var e = Events.Event(type, data, source: "/chat/test");
            e["time"] = t.AddSeconds(seconds).ToString("O");
            return e;
        }

        JsonObject Session(string id, params (string Key, JsonNode? Value)[] fields)
        {
            var data = new JsonObject { ["sessionId"] = prefix + id };
            foreach (var (key, value) in fields)
            {
                data[key] = value;
            }

            return data;
        }

        JsonObject Message(string session, string id, string kind, string sender) =>
            new() { ["sessionId"] = prefix + session, ["messageId"] = prefix + id, ["kind"] = kind, ["sender"] = sender };
        JsonObject Status(string id, string status) => new() { ["messageId"] = prefix + id, ["status"] = status };

        return Events.Array(
            At(0, "chat.session_started", Session("s1", ("channel", "web"))),
            At(5, "chat.message", Message("s1", "m1", "text", "customer")),
            At(10, "chat.session_started", Session("s2", ("channel", "whatsapp"))),
            At(20, "chat.session_assigned", Session("s1", ("agentId", "a-1"))),
            At(30, "chat.session_started", Session("s3", ("channel", "web"))),
            At(40, "chat.session_started", Session("s4", ("channel", "web"))),
            At(55, "chat.message_status", Status("m2", "read")),
            At(50, "chat.message", Message("s1", "m2", "text", "agent")),
            At(52, "chat.message_status", Status("m2", "delivered")),
            At(70, "chat.session_assigned", Session("s4", ("agentId", "a-2"))),
            At(80, "chat.message", Message("s4", "m3", "image", "agent")),
            At(85, "chat.message_status", Status("m3", "failed")),
            At(100, "chat.session_closed", Session("s2", ("resolved", false))),
            At(300, "chat.session_closed", Session("s1", ("resolved", true))),
            At(310, "csat.submitted", new JsonObject { ["score"] = 5, ["sessionId"] = prefix + "s1" }),
            At(320, "csat.submitted", new JsonObject { ["score"] = 2, ["agentId"] = "a-2" }),
            At(330, "csat.submitted", new JsonObject { ["score"] = 4 }),
            At(340, "call.queued", new JsonObject { ["callId"] = prefix + "c1", ["queue"] = "support" }));
    }

    // Ten minutes ago, but never before today 00:00 UTC: every number here is "today's".
    private static DateTime Start()
    {
        var now = DateTime.UtcNow;
        var t = now.AddMinutes(-10);
        return t.Date == now.Date ? t : now.Date.AddSeconds(1);
    }

    private static bool Complete(JsonElement chat) =>
        chat.GetProperty("sessions").GetProperty("closedToday").GetInt64() == 2
        && chat.GetProperty("csat").GetProperty("responses").GetInt64() == 3
        && chat.GetProperty("messages").GetProperty("byStatus").GetProperty("failed").GetInt64() == 1
        && chat.GetProperty("messages").GetProperty("byStatus").GetProperty("read").GetInt64() == 1
        && chat.GetProperty("sessions").GetProperty("active").GetInt32() == 1;

    private static void AssertChat(JsonElement data, string prefix)
    {
        var sessions = data.GetProperty("sessions");
        Assert.Equal((1, 1, 2L, 1L), (sessions.GetProperty("active").GetInt32(), sessions.GetProperty("waiting").GetInt32(), sessions.GetProperty("closedToday").GetInt64(), sessions.GetProperty("resolvedToday").GetInt64()));
        var waiting = Assert.Single(data.GetProperty("waitingSessions").EnumerateArray());
        Assert.Equal((prefix + "s3", "web"), (waiting.GetProperty("sessionId").GetString(), waiting.GetProperty("channel").GetString()));
        Assert.True(data.GetProperty("longestWaitSeconds").GetDouble() >= 0);
        // Waits: s1 20, s4 30. First replies: s1 50, s4 40 (s2 never got one). Resolution: s1 only (s2 unresolved).
        Assert.Equal((25.0, 45.0, 300.0), (data.GetProperty("averageWaitSeconds").GetDouble(), data.GetProperty("firstResponseSeconds").GetDouble(), data.GetProperty("resolutionSeconds").GetDouble()));

        var agents = data.GetProperty("agents").EnumerateArray().ToDictionary(a => a.GetProperty("agentId").GetString()!);
        Assert.Equal(["a-1", "a-2"], agents.Keys.ToArray());
        var a1 = agents["a-1"];
        Assert.Equal((0, 1L, 50.0, 300.0, 1.0), (a1.GetProperty("activeSessions").GetInt32(), a1.GetProperty("sessionsToday").GetInt64(), a1.GetProperty("firstResponseSeconds").GetDouble(), a1.GetProperty("resolutionSeconds").GetDouble(), a1.GetProperty("csatPercent").GetDouble()));
        var a2 = agents["a-2"];
        Assert.Equal((1, 1L, 40.0, 0.0), (a2.GetProperty("activeSessions").GetInt32(), a2.GetProperty("sessionsToday").GetInt64(), a2.GetProperty("firstResponseSeconds").GetDouble(), a2.GetProperty("csatPercent").GetDouble()));
        Assert.Equal(JsonValueKind.Null, a2.GetProperty("resolutionSeconds").ValueKind);

        var csat = data.GetProperty("csat");
        Assert.Equal([0L, 1L, 0L, 1L, 1L], csat.GetProperty("distribution").EnumerateObject().Select(p => p.Value.GetInt64()).ToArray());
        Assert.Equal(2.0 / 3, csat.GetProperty("percent").GetDouble(), 12);
        Assert.Equal(11.0 / 3, csat.GetProperty("average").GetDouble(), 12);

        var messages = data.GetProperty("messages");
        Assert.Equal(3, messages.GetProperty("today").GetInt64());
        Assert.Equal((2L, 1L), (messages.GetProperty("byKind").GetProperty("text").GetInt64(), messages.GetProperty("byKind").GetProperty("image").GetInt64()));
        // m1 has no status (sent), m2's newest is read, m3 failed; rates over the two agent messages.
        Assert.Equal((1L, 0L, 1L, 1L), (messages.GetProperty("byStatus").GetProperty("sent").GetInt64(), messages.GetProperty("byStatus").GetProperty("delivered").GetInt64(), messages.GetProperty("byStatus").GetProperty("read").GetInt64(), messages.GetProperty("byStatus").GetProperty("failed").GetInt64()));
        Assert.Equal((0.5, 0.5, 0.5), (messages.GetProperty("deliveryRate").GetDouble(), messages.GetProperty("readRate").GetDouble(), messages.GetProperty("failureRate").GetDouble()));
        Assert.Equal(24, messages.GetProperty("perHour").GetArrayLength());
        Assert.Equal(3, messages.GetProperty("perHour").EnumerateArray().Sum(h => h.GetProperty("count").GetInt64()));
    }

    [Fact]
    public async Task Ingested_chat_events_reach_subscribers_as_chat_update_and_GET_chat_and_only_the_clock_moving_publishes_nothing()
    {
        var (tenant, other) = (Tenants.New(), Tenants.New());
        var (client, _) = await ProtocolClient.ConnectAuthenticatedAsync(server, server.Token(tenant));
        await using var _ = client;
        await client.SendAsync(new { type = "subscribe", id = "s1", topics = new[] { "chat", "queue" } });
        await client.ReceiveUntilAsync(m => m.GetProperty("type").GetString() == "subscribed" && m.GetProperty("topic").GetString() == "queue");
        var (otherClient, _) = await ProtocolClient.ConnectAuthenticatedAsync(server, server.Token(other));
        await using var __ = otherClient;
        await otherClient.SendAsync(new { type = "subscribe", id = "s1", topics = new[] { "chat" } });
        await otherClient.ReceiveUntilAsync(m => m.GetProperty("type").GetString() == "subscribed");

        var t = Start();
        using (var producer = server.Http(server.Token(tenant, "events:write")))
        {
            await (await producer.PostAsync(Traffic(t, "a-"), Events.Batch)).AssertAcceptedAsync(18, 0);
        }

        // The other tenant: one waiting session of its own, with the same agent ids on nothing.
        using (var producer = server.Http(server.Token(other, "events:write")))
        {
            var e = Events.Event("chat.session_started", new JsonObject { ["sessionId"] = "b-only", ["channel"] = "email" }, source: "/chat/test");
            e["time"] = t.ToString("O");
            await (await producer.PostAsync(e)).AssertAcceptedAsync(1, 0);
        }

        var chat = await client.ReceiveUntilAsync(m => m.GetProperty("type").GetString() == "chat_update" && Complete(m.GetProperty("data")), Deadline);
        Assert.Equal("chat", chat.GetProperty("topic").GetString());
        AssertChat(chat.GetProperty("data"), "a-");

        // Four more ticks prove themselves by the caller's growing wait on queue; none republishes chat_update.
        for (var i = 0; i < 4; i++)
        {
            var next = await client.ReceiveUntilAsync(m => m.GetProperty("type").GetString() is "queue_updated" or "chat_update", Deadline);
            Assert.Equal("queue_updated", next.GetProperty("type").GetString());
        }

        using var reader = server.Http(server.Token(tenant));
        var response = await reader.GetAsync("/api/v1/chat");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertChat(await response.JsonAsync(), "a-");

        // The other tenant sees its own session only, on the stream and over REST.
        var mine = await otherClient.ReceiveUntilAsync(m => m.GetProperty("type").GetString() == "chat_update", Deadline);
        AssertOnlyOther(mine.GetProperty("data"));
        using var otherReader = server.Http(server.Token(other));
        AssertOnlyOther(await (await otherReader.GetAsync("/api/v1/chat")).JsonAsync());
        var sessions = await (await otherReader.GetAsync("/api/v1/chat/sessions?state=closed")).JsonAsync();
        Assert.Equal(0, sessions.GetProperty("total").GetInt64());
    }

    private static void AssertOnlyOther(JsonElement data)
    {
        Assert.Equal((0, 1, 0L), (data.GetProperty("sessions").GetProperty("active").GetInt32(), data.GetProperty("sessions").GetProperty("waiting").GetInt32(), data.GetProperty("sessions").GetProperty("closedToday").GetInt64()));
        Assert.Equal("b-only", Assert.Single(data.GetProperty("waitingSessions").EnumerateArray()).GetProperty("sessionId").GetString());
        Assert.Equal(0, data.GetProperty("agents").GetArrayLength());
        Assert.Equal(0, data.GetProperty("csat").GetProperty("responses").GetInt64());
        Assert.Equal(0, data.GetProperty("messages").GetProperty("today").GetInt64());
    }
}
