using Dashboard.BusinessSeries;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Ingestion;
using System.Text.Json.Nodes;
using static Dashboard.Tests.Observability.MetricsScrape;

namespace Dashboard.Tests.BusinessSeries;

/// <summary>The app with the business series capped at 3.</summary>
public sealed class CappedSeriesServer() : ConfiguredServer(new()
{
    ["Metrics:MaxBusinessSeries"] = "3",
});

/// <summary>
/// Business gauges: ingested call, queue and agent events → the 1 s tick → hub snapshots → gauges per tenant, campaign
/// and queue at scrape time; ratios without a denominator are absent (never NaN).
/// </summary>
public sealed class BusinessMetricsTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    [Fact]
    public async Task Ingested_calls_queue_and_agent_events_become_tenant_campaign_queue_and_agent_gauges()
    {
        var tenant = Tenants.New();
        using var producer = server.Http(server.Token(tenant, "events:write"));
        var now = DateTime.UtcNow;
        JsonObject At(double secondsAgo, string type, JsonObject data)
        {
            var e = Events.Event(type, data, source: "/acd/test");
            e["time"] = now.AddSeconds(-secondsAgo).ToString("O");
            return e;
        }

        await (await producer.PostAsync(
            Events.Array(
                At(30, "agent.status_changed", new JsonObject { ["agentId"] = "a-1", ["status"] = "available", ["queues"] = new JsonArray("support") }),
                At(20, "call.started", new JsonObject { ["callId"] = "o-1", ["direction"] = "outbound", ["campaignId"] = "spring" }),
                At(10, "call.started", new JsonObject { ["callId"] = "i-1", ["direction"] = "inbound" }),
                At(10, "call.queued", new JsonObject { ["callId"] = "i-1", ["queue"] = "support" })),
            Events.Batch)).AssertAcceptedAsync(4, 0);

        using var http = server.Http();
        (string, string) t = ("tenant", tenant);
        var families = await UntilAsync(http, f =>
            Exact(f, "dashboard_campaign_active_calls", t, ("campaign", "spring")) == 1
            && Exact(f, "dashboard_queue_calls_waiting", t, ("queue", "support")) == 1
            && Exact(f, "dashboard_agents", t, ("status", "available")) == 1);

        Assert.Equal(2, Exact(families, "dashboard_tenant_active_calls", t));
        Assert.Equal(1, Exact(families, "dashboard_campaign_active_calls", t, ("campaign", "spring")));
        Assert.Equal(0, Exact(families, "dashboard_campaign_queue_depth", t, ("campaign", "spring")));
        Assert.Equal(1, Exact(families, "dashboard_queue_calls_waiting", t, ("queue", "support")));
        Assert.True(Exact(families, "dashboard_queue_longest_wait_seconds", t, ("queue", "support")) >= 10);
        Assert.Equal(1, Exact(families, "dashboard_queue_agents", t, ("queue", "support"), ("status", "available")));
        Assert.Equal(1, Exact(families, "dashboard_agents", t, ("status", "available")));
        Assert.Equal(0, Exact(families, "dashboard_agents", t, ("status", "on_call")));
        Assert.Equal("gauge", Family(families, "dashboard_queue_calls_waiting").Type);
        Assert.Equal("gauge", Family(families, "dashboard_queue_longest_wait_seconds").Type);

        // Nobody has left the queue yet (offered = 0) and the campaign has no answer yet: those ratios are absent.
        Assert.DoesNotContain(families.SelectMany(f => f.Samples), s => s.Has(t) && s.Name is "dashboard_queue_service_level_ratio" or "dashboard_queue_abandonment_ratio" or "dashboard_campaign_conversion_ratio");
        Assert.DoesNotContain(families.SelectMany(f => f.Samples), s => double.IsNaN(s.Value));
    }

    [Fact]
    public async Task Chat_sessions_waits_first_replies_and_csat_become_tenant_gauges_with_the_wait_counted_to_the_scrape()
    {
        var tenant = Tenants.New();
        using var producer = server.Http(server.Token(tenant, "events:write"));
        var now = DateTime.UtcNow;
        JsonObject At(double secondsAgo, string type, JsonObject data)
        {
            var e = Events.Event(type, data, source: "/chat/test");
            e["time"] = now.AddSeconds(-secondsAgo).ToString("O");
            return e;
        }

        await (await producer.PostAsync(
            Events.Array(
                At(40, "chat.session_started", new JsonObject { ["sessionId"] = "waits", ["channel"] = "web" }),
                At(30, "chat.session_started", new JsonObject { ["sessionId"] = "served" }),
                At(25, "chat.session_assigned", new JsonObject { ["sessionId"] = "served", ["agentId"] = "a-1" }),
                At(18, "chat.message", new JsonObject { ["sessionId"] = "served", ["messageId"] = "m-1", ["kind"] = "text", ["sender"] = "agent" }),
                At(10, "csat.submitted", new JsonObject { ["score"] = 5, ["sessionId"] = "served" }),
                At(9, "csat.submitted", new JsonObject { ["score"] = 2 })),
            Events.Batch)).AssertAcceptedAsync(6, 0);

        using var http = server.Http();
        (string, string) t = ("tenant", tenant);
        var families = await UntilAsync(http, f =>
            Exact(f, "dashboard_chat_sessions", t, ("state", "waiting")) == 1 && Exact(f, "dashboard_chat_csat_ratio", t) == 0.5);

        Assert.Equal(1, Exact(families, "dashboard_chat_sessions", t, ("state", "active")));
        Assert.Equal(12, Exact(families, "dashboard_chat_first_response_seconds", t));
        // The snapshot is published once; the wait keeps growing at each scrape from the session's start.
        Assert.True(Exact(families, "dashboard_chat_longest_wait_seconds", t) >= 40);
        Assert.Equal("gauge", Family(families, "dashboard_chat_longest_wait_seconds").Type);
    }

    [Fact]
    public void MaxBusinessSeries_outside_its_range_fails_validation_naming_the_key()
    {
        var result = new BusinessMetricsOptionsValidator().Validate(null, new BusinessMetricsOptions { MaxBusinessSeries = -1 });
        Assert.True(result.Failed);
        Assert.Contains("Metrics:MaxBusinessSeries", result.FailureMessage, StringComparison.Ordinal);
        Assert.True(new BusinessMetricsOptionsValidator().Validate(null, new BusinessMetricsOptions()).Succeeded);
    }
}

/// <summary>Beyond <c>Metrics:MaxBusinessSeries</c>, series are left out (campaigns first) and counted.</summary>
public sealed class BusinessSeriesCapTests(CappedSeriesServer server) : IClassFixture<CappedSeriesServer>
{
    private static readonly string[] BusinessPrefixes = ["dashboard_tenant_", "dashboard_agent", "dashboard_queue_", "dashboard_campaign_"];

    [Fact]
    public async Task Series_beyond_the_cap_are_dropped_campaigns_first_and_counted_at_every_scrape()
    {
        // Two tenants' active calls (2 series) and one tenant's two campaigns (3 series each: answer and conversion
        // ratios are null, so absent) = 8 series for a cap of 3.
        string a = "cap-a-" + Tenants.New(), b = "cap-b-" + Tenants.New();
        var computedAt = DateTime.UtcNow;
        await server.PublishAsync(a, "calls", "active_calls_update", new { activeCalls = 4, calls = Array.Empty<object>(), computedAt }, isSnapshot: true);
        await server.PublishAsync(b, "calls", "active_calls_update", new { activeCalls = 7, calls = Array.Empty<object>(), computedAt }, isSnapshot: true);
        object Campaign(string id) => new { campaignId = id, activeCalls = 1, queueDepth = 50, dialingRate = 0.5, answerRate = (double?)null, conversionRate = (double?)null };
        await server.PublishAsync(a, "campaigns", "campaigns_update", new { campaigns = new[] { Campaign("x"), Campaign("y") }, computedAt }, isSnapshot: true);

        using var http = server.Http();
        var first = await ScrapeAsync(http);
        var second = await ScrapeAsync(http);
        var third = await ScrapeAsync(http);

        var business = third.Where(f => BusinessPrefixes.Any(p => f.Name.StartsWith(p, StringComparison.Ordinal))).SelectMany(f => f.Samples).ToList();
        Assert.Equal(3, business.Count);
        Assert.Equal(4, Exact(third, "dashboard_tenant_active_calls", ("tenant", a)));
        Assert.Equal(7, Exact(third, "dashboard_tenant_active_calls", ("tenant", b)));
        Assert.Equal(1, Exact(third, "dashboard_campaign_active_calls", ("tenant", a), ("campaign", "x")));

        Assert.Equal("counter", Family(third, "dashboard_metrics_series_dropped_total").Type);
        Assert.Equal(5, Value(third, "dashboard_metrics_series_dropped_total") - Value(second, "dashboard_metrics_series_dropped_total"));
        Assert.True(Value(second, "dashboard_metrics_series_dropped_total") >= 5);
        _ = first;
    }
}
