using System.Net;
using System.Text.Json.Nodes;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Ingestion;
using Dashboard.Tests.Realtime;

namespace Dashboard.Tests.Observability;

/// <summary>
/// Makes a <see cref="DashboardServer"/> busy, so every metric family has series to expose: a WebSocket and an SSE
/// client subscribed (kept open until disposed), call, queue, agent and campaign events ingested through
/// <c>POST /api/v1/events</c>, the same batch resent (duplicates), a batch rejected by validation, and the recurring
/// jobs running several ticks. The counts are exact, so a scrape's values can be checked against them.
/// </summary>
internal sealed class BusyTraffic : IAsyncDisposable
{
    /// <summary>Events in the accepted batch (each stored once).</summary>
    public const int Accepted = 11;

    /// <summary>Events in the rejected batch (the whole batch counts as rejected).</summary>
    public const int Rejected = 2;

    /// <summary>The queue the traffic's inbound calls wait in.</summary>
    public const string Queue = "support";

    /// <summary>The outbound campaign of the traffic.</summary>
    public const string Campaign = "spring";

    /// <summary>
    /// Inbound calls still waiting in <see cref="Queue"/> once folded: q1, q2 and q3 queued, q1 answered.
    /// </summary>
    public const int CallsWaiting = 2;

    /// <summary>Active calls of <see cref="Campaign"/> once folded: c1 answered (talking), c3 ringing; c2 ended busy.</summary>
    public const int CampaignActiveCalls = 2;

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly ProtocolClient _webSocket;
    private readonly HttpClient _sseHttp;
    private readonly HttpResponseMessage _sseResponse;
    private readonly SseReader _sse;

    private BusyTraffic(string tenant, ProtocolClient webSocket, HttpClient sseHttp, HttpResponseMessage sseResponse, SseReader sse)
    {
        Tenant = tenant;
        _webSocket = webSocket;
        _sseHttp = sseHttp;
        _sseResponse = sseResponse;
        _sse = sse;
    }

    /// <summary>The tenant every event belongs to.</summary>
    public string Tenant { get; }

    /// <summary>Generates the traffic on <paramref name="server"/>; returns once the jobs ran at least 3 ticks since.</summary>
    public static async Task<BusyTraffic> StartAsync(DashboardServer server)
    {
        var tenant = Tenants.New();
        var (ws, _) = await ProtocolClient.ConnectAuthenticatedAsync(server, server.Token(tenant));
        await ws.SendAsync(new { type = "subscribe", id = "s1", topics = new[] { "calls", "metrics", "queue", "agents", "campaign:" + Campaign } });
        await ws.ReceiveUntilAsync(m => m.GetProperty("type").GetString() == "subscribed" && m.GetProperty("topic").GetString() == "campaign:" + Campaign);

        var sseHttp = server.Http(server.Token(tenant));
        var sseResponse = await sseHttp.GetAsync("/sse?topics=calls,queue,agents", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, sseResponse.StatusCode);
        var sse = new SseReader(await sseResponse.Content.ReadAsStreamAsync());
        await sse.ReadLineAsync();
        var traffic = new BusyTraffic(tenant, ws, sseHttp, sseResponse, sse);

        var runsBefore = await JobRunsAsync(server);
        using var producer = server.Http(server.Token(tenant, "events:write"));
        await (await producer.PostAsync(Batch(), Events.Batch)).AssertAcceptedAsync(Accepted, 0);
        await (await producer.PostAsync(Invalid(), Events.Batch)).AssertProblemAsync(400);

        // Both transports deliver a call_event (messages sent, broadcast duration recorded).
        await ws.ReceiveUntilAsync(m => m.GetProperty("type").GetString() == "call_event", Deadline);
        while ((await sse.ReadEventAsync()).Event != "call_event")
        {
        }

        // The 1 s jobs run a few ticks after the ingest (runs, durations, folded business state).
        using var bound = new CancellationTokenSource(Deadline);
        while (await JobRunsAsync(server) < runsBefore + 3)
        {
            await Task.Delay(200, bound.Token);
        }

        return traffic;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _webSocket.DisposeAsync();
        await _sse.DisposeAsync();
        _sseResponse.Dispose();
        _sseHttp.Dispose();
    }

    // Successful campaign_metrics runs so far, read from the server's own /metrics.
    private static async Task<double> JobRunsAsync(DashboardServer server)
    {
        using var http = server.Http();
        var families = PrometheusTextParser.Parse(await http.GetStringAsync("/metrics"));
        return families.SelectMany(f => f.Samples)
            .Where(s => s.Name == "dashboard_job_runs_total" && s.Has(("job", "campaign_metrics"), ("result", "success")))
            .Sum(s => s.Value);
    }

    // 11 events, times a few minutes ago: two agents, three calls into the queue (one answered), and a campaign with three
    // outbound attempts (one answered, one busy, one ringing).
    private static string Batch()
    {
        var t = DateTime.UtcNow.AddMinutes(-2);
        JsonObject At(double seconds, string type, JsonObject data)
        {
            var e = Events.Event(type, data, source: "/acd/observability-test");
            e["time"] = t.AddSeconds(seconds).ToString("O");
            return e;
        }

        JsonObject Agent(string id, string status) => new() { ["agentId"] = id, ["name"] = id, ["status"] = status, ["queues"] = new JsonArray(Queue) };
        JsonObject Queued(string id) => new() { ["callId"] = id, ["queue"] = Queue };
        JsonObject Outbound(string id) => new() { ["callId"] = id, ["direction"] = "outbound", ["campaignId"] = Campaign };

        return Events.Array(
            At(0, "agent.status_changed", Agent("a-1", "available")),
            At(0, "agent.status_changed", Agent("a-2", "available")),
            At(1, "call.queued", Queued("q1")),
            At(2, "call.queued", Queued("q2")),
            At(3, "call.queued", Queued("q3")),
            At(5, "call.answered", new JsonObject { ["callId"] = "q1", ["agentId"] = "a-1" }),
            At(6, "call.started", Outbound("c1")),
            At(6, "call.started", Outbound("c2")),
            At(6, "call.started", Outbound("c3")),
            At(8, "call.answered", new JsonObject { ["callId"] = "c1", ["agentId"] = "a-2" }),
            At(9, "call.ended", new JsonObject { ["callId"] = "c2", ["outcome"] = "busy" }));
    }

    // A batch with one event lacking its type: the whole batch is refused with 400 and counted as rejected.
    private static string Invalid()
    {
        var bad = Events.CallStarted("x1");
        bad.Remove("type");
        return Events.Array(Events.CallStarted("x2"), bad);
    }
}
