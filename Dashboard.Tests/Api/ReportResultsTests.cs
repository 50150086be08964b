using Dashboard.Auth;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Ingestion;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dashboard.Tests.Api;

/// <summary>
/// The REST reports after events with explicit times go through <c>POST /api/v1/events</c>, the 1 s fold and the 10 s
/// (here 1 s) call statistics job of a real server.
/// </summary>
public sealed class ReportResultsTests(ReportsServer server) : IClassFixture<ReportsServer>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Reports_give_the_hand_computed_numbers_of_ingested_calls()
    {
        var tenant = Tenants.New();
        var now = DateTime.UtcNow;
        await IngestAsync(tenant, now);
        using var http = server.Http(server.Token(tenant));
        var metrics = await PollAsync(http, "/api/v1/calls/metrics", m => m.GetProperty("totalCalls").GetInt64() == 3);

        // 24 h: r2 (converted, 60 s), r3 (busy, 10 s from its start and end), r4 (active); r1 started 30 h ago.
        Assert.Equal((3L, 1L, 2L, 1L), (metrics.GetProperty("totalCalls").GetInt64(), metrics.GetProperty("activeCalls").GetInt64(),
            metrics.GetProperty("endedCalls").GetInt64(), metrics.GetProperty("completedCalls").GetInt64()));
        Assert.Equal(0.5, metrics.GetProperty("successRate").GetDouble(), 12);
        Assert.Equal(35, metrics.GetProperty("averageDurationSeconds").GetDouble(), 6);
        Assert.Equal((1, 1, 0), (metrics.GetProperty("outcomeCounts").GetProperty("converted").GetInt32(),
            metrics.GetProperty("outcomeCounts").GetProperty("busy").GetInt32(), metrics.GetProperty("outcomeCounts").GetProperty("completed").GetInt32()));

        var week = await GetAsync(http, "/api/v1/calls/metrics?hours=48");
        Assert.Equal((48, 4L, 2L), (week.GetProperty("hours").GetInt32(), week.GetProperty("totalCalls").GetInt64(), week.GetProperty("completedCalls").GetInt64()));

        var perHour = (await GetAsync(http, "/api/v1/calls/per-hour?hours=24")).GetProperty("callsPerHour");
        Assert.Equal(25, perHour.GetArrayLength());
        Assert.Equal(3, perHour.EnumerateArray().Sum(h => h.GetProperty("totalCalls").GetInt64()));
        var threeHoursAgo = Hour(now.AddHours(-3));
        var r2Hour = perHour.EnumerateArray().Single(h => h.GetProperty("hour").GetDateTime() == threeHoursAgo);
        Assert.Equal((1L, 1L, 1L, 60.0), (r2Hour.GetProperty("totalCalls").GetInt64(), r2Hour.GetProperty("completedCalls").GetInt64(),
            r2Hour.GetProperty("endedCalls").GetInt64(), r2Hour.GetProperty("averageDurationSeconds").GetDouble()));

        var agents = (await GetAsync(http, "/api/v1/agents/performance")).GetProperty("agents");
        Assert.Equal(2, agents.GetArrayLength());
        Assert.Equal(("a1", "Ann", 2L, 1L, 60.0, 1.0), Agent(agents[0]));
        Assert.Equal(("a2", null, 1L, 0L, 10.0, 0.0), Agent(agents[1]));

        var recent = (await GetAsync(http, "/api/v1/calls/recent?limit=2")).GetProperty("calls");
        Assert.Equal(["r3", "r2"], recent.EnumerateArray().Select(c => c.GetProperty("callId").GetString()!).ToArray());
        var r3 = recent[0];
        Assert.Equal(("c-r", "outbound", "busy", 10.0), (r3.GetProperty("campaignId").GetString(), r3.GetProperty("direction").GetString(),
            r3.GetProperty("outcome").GetString(), r3.GetProperty("durationSeconds").GetDouble()));
        Assert.Equal(now.AddHours(-2).AddSeconds(10), r3.GetProperty("endedAt").GetDateTime(), TimeSpan.FromMilliseconds(1));
        Assert.Equal(JsonValueKind.Null, r3.GetProperty("answeredAt").ValueKind);
        Assert.Equal("a1", recent[1].GetProperty("agentId").GetString());
        Assert.Single((await GetAsync(http, "/api/v1/calls/recent?limit=1")).GetProperty("calls").EnumerateArray());
        Assert.Equal(3, (await GetAsync(http, "/api/v1/calls/recent")).GetProperty("calls").GetArrayLength());

        var active = await GetAsync(http, "/api/v1/calls/active");
        Assert.Equal(1, active.GetProperty("activeCalls").GetInt32());
        Assert.Equal("r4", active.GetProperty("calls")[0].GetProperty("callId").GetString());
        Assert.InRange(active.GetProperty("calls")[0].GetProperty("durationSeconds").GetDouble(), 3600, 3600 + 60);

        var campaign = (await GetAsync(http, "/api/v1/campaigns")).GetProperty("campaigns").EnumerateArray().Single();
        Assert.Equal(("c-r", "Spring", 4L), (campaign.GetProperty("campaignId").GetString(), campaign.GetProperty("name").GetString(), campaign.GetProperty("totalAttempts").GetInt64()));
        var one = await GetAsync(http, "/api/v1/campaigns/c-r/metrics");
        Assert.Equal((1L, 1L), (one.GetProperty("converted").GetInt64(), one.GetProperty("busy").GetInt64()));
    }

    [Fact]
    public async Task The_stats_job_publishes_call_stats_update_to_a_subscribed_client()
    {
        var tenant = Tenants.New();
        var (client, _) = await ProtocolClient.ConnectAuthenticatedAsync(server, server.Token(tenant));
        await using var _ = client;
        await client.SendAsync(new { type = "subscribe", id = "s1", topics = new[] { "call_stats" } });
        var subscribed = await client.ReceiveUntilAsync(m => m.GetProperty("type").GetString() is "subscribed" or "error");
        Assert.Equal("subscribed", subscribed.GetProperty("type").GetString());

        await IngestAsync(tenant, DateTime.UtcNow);
        var update = await client.ReceiveUntilAsync(
            m => m.GetProperty("type").GetString() == "call_stats_update"
                && m.GetProperty("data").GetProperty("metrics").GetProperty("totalCalls").GetInt64() == 3,
            Deadline);

        Assert.Equal("call_stats", update.GetProperty("topic").GetString());
        var data = update.GetProperty("data");
        Assert.Equal(24, data.GetProperty("metrics").GetProperty("hours").GetInt32());
        Assert.Equal(25, data.GetProperty("callsPerHour").GetArrayLength());
        Assert.Equal("Ann", data.GetProperty("agentPerformance")[0].GetProperty("name").GetString());
        Assert.EndsWith("Z", data.GetProperty("computedAt").GetString(), StringComparison.Ordinal);
    }

    // r1 30 h ago (a1, completed, 60 s); r2 3 h ago (a1 answers, converted, 60 s); r3 2 h ago (a2, busy after 10 s, no
    // duration given); r4 1 h ago (a1, answered, still talking). All on campaign c-r; a1 is named Ann.
    private async Task IngestAsync(string tenant, DateTime now)
    {
        JsonObject At(JsonObject e, DateTime t)
        {
            e["time"] = t.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
            return e;
        }

        JsonObject Started(string id, string agent, DateTime t) =>
            At(Events.Event("call.started", new JsonObject { ["callId"] = id, ["direction"] = "outbound", ["campaignId"] = "c-r", ["agentId"] = agent }), t);
        JsonObject Answered(string id, string agent, DateTime t) =>
            At(Events.Event("call.answered", new JsonObject { ["callId"] = id, ["agentId"] = agent }), t);
        JsonObject Ended(string id, string outcome, DateTime t, double? duration) =>
            At(Events.Event("call.ended", new JsonObject { ["callId"] = id, ["outcome"] = outcome, ["durationSeconds"] = duration }), t);

        DateTime r1 = now.AddHours(-30), r2 = now.AddHours(-3), r3 = now.AddHours(-2), r4 = now.AddHours(-1);
        var batch = Events.Array(
            At(Events.Event("agent.status_changed", new JsonObject { ["agentId"] = "a1", ["name"] = "Ann", ["status"] = "available" }), now.AddHours(-31)),
            At(Events.Event("campaign.updated", new JsonObject { ["campaignId"] = "c-r", ["name"] = "Spring", ["status"] = "active" }), now.AddHours(-31)),
            Started("r1", "a1", r1), Answered("r1", "a1", r1.AddSeconds(1)), Ended("r1", "completed", r1.AddSeconds(61), 60),
            Started("r2", "a1", r2), Answered("r2", "a1", r2.AddSeconds(5)), Ended("r2", "converted", r2.AddSeconds(65), 60),
            Started("r3", "a2", r3), Ended("r3", "busy", r3.AddSeconds(10), null),
            Started("r4", "a1", r4), Answered("r4", "a1", r4.AddSeconds(2)));
        using var writer = server.Http(server.Token(tenant, Scopes.Write));
        await (await writer.PostAsync(batch, Events.Batch)).AssertAcceptedAsync(12, 0);
    }

    private static async Task<JsonElement> GetAsync(HttpClient http, string url)
    {
        var response = await http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    // The fold runs every second; poll, bounded, until it has folded what was ingested.
    private static async Task<JsonElement> PollAsync(HttpClient http, string url, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            var body = await GetAsync(http, url);
            if (done(body))
            {
                return body;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{url} still {body} after {Deadline}");
            await Task.Delay(100);
        }
    }

    private static DateTime Hour(DateTime t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerHour, DateTimeKind.Utc);

    private static (string?, string?, long, long, double, double) Agent(JsonElement a) => (
        a.GetProperty("agentId").GetString(), a.GetProperty("name").GetString(), a.GetProperty("totalCalls").GetInt64(),
        a.GetProperty("completedCalls").GetInt64(), a.GetProperty("averageDurationSeconds").GetDouble(), a.GetProperty("successRate").GetDouble());
}
