using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Ingestion;
using Dashboard.Tests.Realtime;

namespace Dashboard.Tests.EndToEnd;

/// <summary>
/// Issue 2's walking skeleton, whole: POST /api/v1/events → commit → call_event to subscribers → the Quartz job folds and
/// publishes campaign metrics → WebSocket, SSE and the snapshot endpoint all agree, within 3 s of the acknowledgement.
/// </summary>
public sealed class IngestToClientsTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(3);

    /// <summary>3 attempts; call 1 answered (still talking), call 2 busy, call 3 ringing.</summary>
    private static string Traffic(string campaign) => Events.Array(
        Events.Event("call.started", new JsonObject { ["callId"] = "c1", ["direction"] = "outbound", ["campaignId"] = campaign }),
        Events.Event("call.started", new JsonObject { ["callId"] = "c2", ["direction"] = "outbound", ["campaignId"] = campaign }),
        Events.Event("call.started", new JsonObject { ["callId"] = "c3", ["direction"] = "outbound", ["campaignId"] = campaign }),
        Events.Event("call.answered", new JsonObject { ["callId"] = "c1", ["agentId"] = "a-1" }),
        Events.Event("call.ended", new JsonObject { ["callId"] = "c2", ["outcome"] = "busy" }),
        Events.Event("campaign.updated", new JsonObject { ["campaignId"] = campaign, ["name"] = "Spring renewals", ["status"] = "active", ["queueDepth"] = 120 }));

    private static bool Matches(JsonElement data) =>
        data.GetProperty("totalAttempts").GetInt64() == 3
        && data.GetProperty("answered").GetInt64() == 1
        && data.GetProperty("busy").GetInt64() == 1
        && data.GetProperty("activeCalls").GetInt32() == 2
        && data.GetProperty("queueDepth").GetInt32() == 120;

    [Fact]
    public async Task Over_websocket_the_call_event_then_matching_campaign_metrics_arrive_within_3_s()
    {
        var tenant = Events.NewTenant();
        var (client, _) = await ProtocolClient.ConnectAuthenticatedAsync(server, server.Token(tenant));
        await using var _ = client;
        await client.SendAsync(new { type = "subscribe", id = "s1", topics = new[] { "calls", "campaign:spring" } });
        await client.ReceiveUntilAsync(m => m.GetProperty("type").GetString() == "subscribed" && m.GetProperty("topic").GetString() == "campaign:spring");

        using var producer = server.Http(server.Token(tenant, "events:write"));
        await (await producer.PostAsync(Traffic("spring"), Events.Batch)).AssertAcceptedAsync(6, 0);
        var acknowledged = Stopwatch.StartNew();

        var callEvent = await client.ReceiveUntilAsync(m => m.GetProperty("type").GetString() == "call_event", Deadline);
        Assert.Equal("call_started", callEvent.GetProperty("data").GetProperty("event").GetString());
        Assert.Equal("calls", callEvent.GetProperty("topic").GetString());

        var metrics = await client.ReceiveUntilAsync(
            m => m.GetProperty("type").GetString() == "metrics_update" && Matches(m.GetProperty("data")),
            Deadline - acknowledged.Elapsed);
        Assert.Equal("campaign:spring", metrics.GetProperty("topic").GetString());
        Assert.Equal("Spring renewals", metrics.GetProperty("data").GetProperty("name").GetString());
        Assert.True(acknowledged.Elapsed <= Deadline, $"took {acknowledged.Elapsed}");

        // The polling endpoint serves the same snapshot.
        using var poller = server.Http(server.Token(tenant));
        var snapshot = await poller.GetFromJsonAsync<JsonElement>("/api/v1/snapshots/campaign:spring");
        Assert.True(Matches(snapshot.GetProperty("data")));
        Assert.True(snapshot.GetProperty("seq").GetInt64() >= metrics.GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task Over_sse_the_call_event_then_matching_campaign_metrics_arrive_within_3_s()
    {
        var tenant = Events.NewTenant();
        using var reader = server.Http(server.Token(tenant));
        using var response = await reader.GetAsync("/sse?topics=calls,campaign:autumn", HttpCompletionOption.ResponseHeadersRead);
        await using var stream = new SseReader(await response.Content.ReadAsStreamAsync());
        await stream.ReadLineAsync();

        using var producer = server.Http(server.Token(tenant, "events:write"));
        await (await producer.PostAsync(Traffic("autumn"), Events.Batch)).AssertAcceptedAsync(6, 0);
        var acknowledged = Stopwatch.StartNew();

        var sawCallEvent = false;
        while (true)
        {
            var evt = await stream.ReadEventAsync();
            Assert.True(acknowledged.Elapsed <= Deadline, $"no matching metrics within {Deadline}");
            using var doc = JsonDocument.Parse(evt.Data);
            if (evt.Event == "call_event")
            {
                sawCallEvent = true;
            }
            else if (evt.Event == "metrics_update" && Matches(doc.RootElement.GetProperty("data")))
            {
                Assert.True(sawCallEvent, "the call_event comes first: it is published at commit, metrics on the next tick");
                Assert.Equal("campaign:autumn", doc.RootElement.GetProperty("topic").GetString());
                break;
            }
        }
    }

    [Fact]
    public async Task A_resent_batch_is_acknowledged_as_duplicates_and_not_counted_twice()
    {
        var tenant = Events.NewTenant();
        using var producer = server.Http(server.Token(tenant, "events:write"));
        var batch = Traffic("winter");
        await (await producer.PostAsync(batch, Events.Batch)).AssertAcceptedAsync(6, 0);
        await (await producer.PostAsync(batch, Events.Batch)).AssertAcceptedAsync(0, 6);

        var (client, _) = await ProtocolClient.ConnectAuthenticatedAsync(server, server.Token(tenant));
        await using var _ = client;
        await client.SendAsync(new { type = "subscribe", id = "s1", topics = new[] { "campaign:winter" } });
        var metrics = await client.ReceiveUntilAsync(
            m => m.GetProperty("type").GetString() == "metrics_update" && m.GetProperty("data").GetProperty("totalAttempts").GetInt64() > 0,
            TimeSpan.FromSeconds(10));
        Assert.True(Matches(metrics.GetProperty("data")), metrics.ToString());
    }
}
