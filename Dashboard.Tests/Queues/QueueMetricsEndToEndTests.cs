using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Ingestion;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dashboard.Tests.Queues;

/// <summary>The real app with queue <c>vip</c> given a 40 s service-level threshold (the default T stays 20 s).</summary>
public sealed class QueueThresholdServer() : ConfiguredServer(new()
{
    ["QueueMetrics:Queues:vip:ServiceLevelSeconds"] = "40",
    ["QueueMetrics:Queues:vip:ServiceLevelTarget"] = "0.9",
});

/// <summary>
/// POST /api/v1/events with explicit times → the fold → the 1 s tick → <c>queue_updated</c> and <c>agent_metrics</c>
/// over WebSocket, and the same numbers from <c>GET /api/v1/queues</c>.
/// </summary>
public sealed class QueueMetricsEndToEndTests(QueueThresholdServer server) : IClassFixture<QueueThresholdServer>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    /// <summary>
    /// From t: agent a-1 available (0 s), on call (30 s), after-call work (90 s), available (100 s), offline (160 s);
    /// a-2 busy throughout. support: c1 queued 10 s, answered by a-1 at 30 s (waited 20 s: within T = 20), ended 90 s;
    /// c2 queued 15 s, abandoned 55 s; c3 queued 40 s, answered 70 s (30 s: missed), ended 130 s; c4 queued 150 s, waiting.
    /// vip (T = 40): c5 queued 40 s, answered 70 s (30 s: within), ended 100 s.
    /// </summary>
    private static string Traffic(DateTime t)
    {
        JsonObject At(double seconds, string type, JsonObject data)
        {
            var e = Events.Event(type, data, source: "/acd/test");
            e["time"] = t.AddSeconds(seconds).ToString("O");
            return e;
        }

        JsonObject Agent(string id, string status) => new() { ["agentId"] = id, ["name"] = id.ToUpperInvariant(), ["status"] = status, ["queues"] = new JsonArray("support") };
        JsonObject Call(string id, string? queue = null, string? agent = null, string? outcome = null)
        {
            var data = new JsonObject { ["callId"] = id };
            if (queue is not null) data["queue"] = queue;
            if (agent is not null) data["agentId"] = agent;
            if (outcome is not null) data["outcome"] = outcome;
            return data;
        }

        return Events.Array(
            At(0, "agent.status_changed", Agent("a-1", "available")),
            At(0, "agent.status_changed", Agent("a-2", "busy")),
            At(10, "call.started", new JsonObject { ["callId"] = "c1", ["direction"] = "inbound" }),
            At(10, "call.queued", Call("c1", queue: "support")),
            At(15, "call.queued", Call("c2", queue: "support")),
            At(30, "call.answered", Call("c1", agent: "a-1")),
            At(30, "agent.status_changed", Agent("a-1", "on_call")),
            At(40, "call.queued", Call("c3", queue: "support")),
            At(40, "call.queued", Call("c5", queue: "vip")),
            At(55, "call.ended", Call("c2", outcome: "abandoned")),
            At(70, "call.answered", Call("c3", agent: "a-9")),
            At(70, "call.answered", Call("c5", agent: "a-8")),
            At(90, "call.ended", Call("c1", outcome: "completed")),
            At(90, "agent.status_changed", Agent("a-1", "after_call_work")),
            At(100, "call.ended", Call("c5", outcome: "completed")),
            At(100, "agent.status_changed", Agent("a-1", "available")),
            At(130, "call.ended", Call("c3", outcome: "completed")),
            At(150, "call.queued", Call("c4", queue: "support")),
            At(160, "agent.status_changed", Agent("a-1", "offline")));
    }

    // Ten minutes ago, but never before today 00:00 UTC: every number here is "today's".
    private static DateTime Start()
    {
        var now = DateTime.UtcNow;
        var t = now.AddMinutes(-10);
        return t.Date == now.Date ? t : now.Date.AddSeconds(1);
    }

    private static bool Complete(JsonElement queueUpdated) =>
        queueUpdated.GetProperty("totals").GetProperty("offered").GetInt64() == 4
        && queueUpdated.GetProperty("totals").GetProperty("handled").GetInt64() == 3
        && queueUpdated.GetProperty("totals").GetProperty("callsWaiting").GetInt32() == 1;

    private static void AssertQueues(JsonElement data)
    {
        var queues = data.GetProperty("queues");
        Assert.Equal(["support", "vip"], queues.EnumerateArray().Select(q => q.GetProperty("queue").GetString()!).ToArray());

        var support = queues[0];
        Assert.Equal(
            (3L, 2L, 1L, 1L, 2L, 1),
            (support.GetProperty("offered").GetInt64(), support.GetProperty("answered").GetInt64(), support.GetProperty("answeredWithinThreshold").GetInt64(),
             support.GetProperty("abandoned").GetInt64(), support.GetProperty("handled").GetInt64(), support.GetProperty("callsWaiting").GetInt32()));
        // Abandons are missed calls: 1 / 3, not 1 / 2.
        Assert.Equal(1.0 / 3, support.GetProperty("serviceLevel").GetDouble(), 12);
        Assert.Equal((20, 0.8), (support.GetProperty("serviceLevelThresholdSeconds").GetInt32(), support.GetProperty("serviceLevelTarget").GetDouble()));
        // (20 + 30) / 2; (60 + 60 talk + 10 after-call work) / 2.
        Assert.Equal(25, support.GetProperty("asaSeconds").GetDouble(), 9);
        Assert.Equal(65, support.GetProperty("ahtSeconds").GetDouble(), 9);
        Assert.Equal(1.0 / 3, support.GetProperty("abandonmentRate").GetDouble(), 12);
        Assert.True(support.GetProperty("longestWaitSeconds").GetDouble() >= 0);
        var agents = support.GetProperty("agents");
        Assert.Equal((1, 0, 1, 1), (agents.GetProperty("online").GetInt32(), agents.GetProperty("available").GetInt32(), agents.GetProperty("busy").GetInt32(), agents.GetProperty("offline").GetInt32()));

        var vip = queues[1];
        Assert.Equal((40, 0.9), (vip.GetProperty("serviceLevelThresholdSeconds").GetInt32(), vip.GetProperty("serviceLevelTarget").GetDouble()));
        Assert.Equal(1.0, vip.GetProperty("serviceLevel").GetDouble());
        Assert.Equal(30, vip.GetProperty("ahtSeconds").GetDouble(), 9);
        Assert.Equal(JsonValueKind.Null, vip.GetProperty("longestWaitSeconds").ValueKind);

        var totals = data.GetProperty("totals");
        Assert.Equal(0.5, totals.GetProperty("serviceLevel").GetDouble(), 12);
        Assert.Equal(80.0 / 3, totals.GetProperty("asaSeconds").GetDouble(), 9);
        Assert.Equal(160.0 / 3, totals.GetProperty("ahtSeconds").GetDouble(), 9);
        Assert.Equal(0.25, totals.GetProperty("abandonmentRate").GetDouble(), 12);
        Assert.Equal(DateTime.UtcNow.Date, data.GetProperty("windowStart").GetDateTime().ToUniversalTime().Date);
    }

    [Fact]
    public async Task Ingested_queue_and_agent_events_reach_subscribers_as_queue_updated_and_agent_metrics_and_GET_queues()
    {
        var tenant = Tenants.New();
        var (client, _) = await ProtocolClient.ConnectAuthenticatedAsync(server, server.Token(tenant));
        await using var _ = client;
        await client.SendAsync(new { type = "subscribe", id = "s1", topics = new[] { "queue", "agents" } });
        await client.ReceiveUntilAsync(m => m.GetProperty("type").GetString() == "subscribed" && m.GetProperty("topic").GetString() == "agents");

        using var producer = server.Http(server.Token(tenant, "events:write"));
        await (await producer.PostAsync(Traffic(Start()), Events.Batch)).AssertAcceptedAsync(19, 0);

        // Two streams: nothing orders one's messages against the other's, so wait for both together.
        JsonElement? queue = null, agents = null;
        await client.ReceiveUntilAsync(
            m =>
            {
                var type = m.GetProperty("type").GetString();
                if (type == "queue_updated" && Complete(m.GetProperty("data")))
                {
                    queue = m;
                }
                else if (type == "agent_metrics" && m.GetProperty("data").GetProperty("offline").GetInt32() == 1)
                {
                    agents = m;
                }

                return queue is not null && agents is not null;
            },
            Deadline);
        Assert.Equal("queue", queue!.Value.GetProperty("topic").GetString());
        AssertQueues(queue.Value.GetProperty("data"));

        // a-1: 30 + 60 s available, 60 s on call, 10 s after-call work, then offline; a-2 busy (not counted): 70 / 160.
        var a = agents!.Value.GetProperty("data");
        Assert.Equal(
            (1, 0, 0, 0, 1, 1, 2),
            (a.GetProperty("online").GetInt32(), a.GetProperty("available").GetInt32(), a.GetProperty("onCall").GetInt32(), a.GetProperty("afterCallWork").GetInt32(),
             a.GetProperty("busy").GetInt32(), a.GetProperty("offline").GetInt32(), a.GetProperty("agentCount").GetInt32()));
        Assert.Equal(0.4375, a.GetProperty("occupancy").GetDouble());
        Assert.Equal(["a-1", "a-2"], a.GetProperty("agents").EnumerateArray().Select(x => x.GetProperty("agentId").GetString()!).ToArray());
        Assert.Equal("offline", a.GetProperty("agents")[0].GetProperty("status").GetString());

        using var reader = server.Http(server.Token(tenant));
        var response = await reader.GetAsync("/api/v1/queues");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        AssertQueues(body);
        Assert.True(Complete(body));
    }

    [Fact]
    public async Task GET_queues_needs_a_token_with_read_scope_and_answers_an_empty_tenant_with_no_queues()
    {
        using var anonymous = server.Http();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/queues")).StatusCode);

        using var writer = server.Http(server.Token(Tenants.New(), "events:write"));
        Assert.Equal(HttpStatusCode.Forbidden, (await writer.GetAsync("/api/v1/queues")).StatusCode);

        using var reader = server.Http(server.Token(Tenants.New()));
        var body = await (await reader.GetAsync("/api/v1/queues")).JsonAsync();
        Assert.Equal(0, body.GetProperty("queues").GetArrayLength());
        Assert.Equal(0, body.GetProperty("totals").GetProperty("offered").GetInt64());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("totals").GetProperty("serviceLevel").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("totals").GetProperty("longestWaitSeconds").ValueKind);
    }
}
