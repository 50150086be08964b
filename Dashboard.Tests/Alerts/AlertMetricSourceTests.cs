using System.Text.Json.Nodes;
using Dashboard.Alerts;
using Dashboard.Alerts.Metrics;
using Dashboard.Campaigns;
using Dashboard.Calls;
using Dashboard.Chat;
using Dashboard.Commerce;
using Dashboard.Kpis;
using Dashboard.Queues;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Ingestion;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Alerts;

/// <summary>
/// The metric catalogue (docs/alerts.md, "Metrics") over real published snapshots: events ingested and folded by the
/// tick, and the domains' own payload records published through the real publisher, so the catalogue's names are the
/// payloads' JSON names. Selectors, no data (stale KPI, a tick-republished snapshot grown old) and parse-once caching.
/// </summary>
public sealed class AlertMetricSourceTests(AlertRulesServer server) : IClassFixture<AlertRulesServer>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly Dictionary<string, string> All = [];

    private IAlertMetricSource Source => server.Services.GetRequiredService<IAlertMetricSource>();

    private static Dictionary<string, string> Where(string label, string value) => new() { [label] = value };

    [Fact]
    public async Task Ingested_queue_traffic_is_read_per_queue_label_from_the_ticks_snapshot()
    {
        var tenant = Tenants.New();
        var t = DateTime.UtcNow.AddSeconds(-90);
        JsonObject At(double s, string type, JsonObject data)
        {
            var e = Events.Event(type, data, source: "/acd/alerts");
            e["time"] = t.AddSeconds(s).ToString("O");
            return e;
        }

        using var producer = server.Http(server.Token(tenant, "events:write"));
        await (await producer.PostAsync(Events.Array(
            At(0, "agent.status_changed", new JsonObject { ["agentId"] = "a-1", ["status"] = "available", ["queues"] = new JsonArray("support") }),
            At(0, "call.queued", new JsonObject { ["callId"] = "c1", ["queue"] = "support" }),
            At(10, "call.queued", new JsonObject { ["callId"] = "c2", ["queue"] = "support" }),
            At(20, "call.queued", new JsonObject { ["callId"] = "c3", ["queue"] = "sales" }),
            At(30, "call.answered", new JsonObject { ["callId"] = "c3", ["agentId"] = "a-1" })), Events.Batch)).AssertAcceptedAsync(5, 0);

        var waiting = await Poll.UntilAsync(
            () => Task.FromResult(Source.Read(tenant, "queue.callsWaiting", All, DateTimeOffset.UtcNow)),
            s => s.Count == 2, Deadline, "queue.callsWaiting for support and sales", s => string.Join(", ", s));
        Assert.Equal([("{queue=\"sales\"}", 0.0), ("{queue=\"support\"}", 2.0)], waiting.Select(s => (s.LabelKey, s.Value!.Value)).Order().ToArray());

        var longest = Assert.Single(Source.Read(tenant, "queue.longestWaitSeconds", Where("queue", "support"), DateTimeOffset.UtcNow));
        Assert.Equal("support", longest.Labels["queue"]);
        Assert.InRange(longest.Value!.Value, 60, 3600);
        // Nobody waits in sales: a longest wait of 0, not "no data".
        Assert.Equal(0.0, Assert.Single(Source.Read(tenant, "queue.longestWaitSeconds", Where("queue", "sales"), DateTimeOffset.UtcNow)).Value);
        Assert.Empty(Source.Read(tenant, "queue.callsWaiting", Where("queue", "nope"), DateTimeOffset.UtcNow));
        Assert.Equal(2.0, Assert.Single(Source.Read(tenant, "queue.totals.callsWaiting", All, DateTimeOffset.UtcNow)).Value);
        // A ratio without a denominator (nothing offered in support yet) is a sample without a value.
        Assert.Null(Assert.Single(Source.Read(tenant, "queue.serviceLevel", Where("queue", "support"), DateTimeOffset.UtcNow)).Value);
        Assert.Equal((1.0, 0.0), (Assert.Single(Source.Read(tenant, "queue.agents.available", Where("queue", "support"), DateTimeOffset.UtcNow)).Value!.Value,
            Assert.Single(Source.Read(tenant, "queue.agents.onCall", Where("queue", "support"), DateTimeOffset.UtcNow)).Value!.Value));

        // Callers waiting: the tick republishes it every second, so a snapshot older than Alerts:MaxSnapshotAgeSeconds
        // (default 30) means the tick stopped reaching this node: no data.
        Assert.Empty(Source.Read(tenant, "queue.callsWaiting", All, DateTimeOffset.UtcNow.AddSeconds(31 + 5)));
        await Poll.UntilAsync(() => Task.FromResult(Source.Read(tenant, "agents.online", All, DateTimeOffset.UtcNow).Count == 1), Deadline, "agents.online");
        Assert.Equal(1.0, Source.Read(tenant, "agents.available", All, DateTimeOffset.UtcNow)[0].Value);
    }

    [Fact]
    public async Task Chat_commerce_calls_and_campaign_figures_are_read_by_their_payload_names()
    {
        var tenant = Tenants.New();
        var now = DateTime.UtcNow;
        var chat = new ChatUpdate("UTC", now.Date, new ChatSessionCounts(3, 2, 10, 8),
            [new WaitingSession("s1", "web", 100, now.AddSeconds(-100)), new WaitingSession("s2", null, 5, now.AddSeconds(-5))],
            100, 42.5, 30, 600, [new ChatAgent("ag-1", "Ann", 2, 5, 20, 500, 0.75)],
            new CsatSummary(4, new Dictionary<string, long> { ["1"] = 1, ["2"] = 0, ["3"] = 0, ["4"] = 1, ["5"] = 2 }, 0.75, 3.75),
            new MessageSummary(12, new Dictionary<string, long>(), new Dictionary<string, long>(), 0.9, 0.5, null, [], null), now);
        var commerce = new CommerceUpdate("UTC", now.Date, [new CurrencyRevenue("EUR", 100.5m, 12.25m, 50, 80), new CurrencyRevenue("USD", 7, 3, 3, 7)],
            new ActiveUsers(17, 40, 21), new TransactionCounts(5, 1, 3, 1, 0), new TransactionCounts(2, 0, 2, 0, 0),
            new ContentFigures(100, 5, 0.05, 10, 1, 0.1), [], [], now);
        var outcomes = new OutcomeCounts(1, 0, 0, 0, 1, 0, 0, 0, 0);
        var overview = new TenantMetricsUpdate(4, 9, 1.5, 20, 10, 2, 1, 3, 1, 0, 0.5, 0.1, outcomes, 2, now);
        var campaigns = new CampaignsUpdate(
            [new CampaignMetricsUpdate("c-1", "Spring", "active", 3, 5, 1, 12, 6, 1, 1, 2, 1, 0, 0.5, null, outcomes, now),
             new CampaignMetricsUpdate("c-2", null, null, 1, 4, 0.5, 8, 4, 1, 0, 1, 0, 0, 0.5, 0, outcomes, now)], now);
        await server.PublishAsync(tenant, "chat", "chat_update", chat, isSnapshot: true);
        await server.PublishAsync(tenant, "commerce", "commerce_update", commerce, isSnapshot: true);
        await server.PublishAsync(tenant, "metrics", "metrics_update", overview, isSnapshot: true);
        await server.PublishAsync(tenant, "campaigns", "campaigns_update", campaigns, isSnapshot: true);
        var at = new DateTimeOffset(now);

        double? One(string metric, Dictionary<string, string>? selector = null, DateTimeOffset? when = null) =>
            Assert.Single(Source.Read(tenant, metric, selector ?? All, when ?? at)).Value;

        Assert.Equal((2.0, 3.0, 42.5, 0.75, 3.75, 0.9), (One("chat.sessions.waiting")!.Value, One("chat.sessions.active")!.Value, One("chat.averageWaitSeconds")!.Value, One("chat.csat.percent")!.Value, One("chat.csat.average")!.Value, One("chat.messages.deliveryRate")!.Value));
        Assert.Null(One("chat.messages.failureRate"));
        // The chat snapshot is not republished as waits grow: the longest wait runs on from the oldest session's start.
        Assert.Equal(100, One("chat.longestWaitSeconds")!.Value, 1);
        Assert.Equal(160, One("chat.longestWaitSeconds", when: at.AddSeconds(60))!.Value, 1);
        Assert.Equal(0.75, One("chat.agent.csatPercent", Where("agent", "ag-1")));

        Assert.Equal((17.0, 40.0, 21.0), (One("commerce.activeUsers.current")!.Value, One("commerce.activeUsers.today")!.Value, One("commerce.activeUsers.peak24h")!.Value));
        Assert.Equal(12.25, One("commerce.revenue.today", Where("currency", "EUR")));
        Assert.Equal(2, Source.Read(tenant, "commerce.revenue.today", All, at).Count);
        Assert.Equal((1.0, 0.1), (One("commerce.transactions.failed")!.Value, One("commerce.content.conversionRateToday")!.Value));

        Assert.Equal((4.0, 1.5, 0.5, 2.0), (One("calls.activeCalls")!.Value, One("calls.dialingRate")!.Value, One("calls.answerRate")!.Value, One("calls.campaignCount")!.Value));
        Assert.Equal(3.0, One("campaign.activeCalls", Where("campaign", "c-1")));
        Assert.Null(One("campaign.conversionRate", Where("campaign", "c-1")));
        Assert.Equal(["{campaign=\"c-1\"}", "{campaign=\"c-2\"}"], Source.Read(tenant, "campaign.queueDepth", All, at).Select(s => s.LabelKey).Order().ToArray());

        // Not republished every tick: an old snapshot of unchanged figures is still their value.
        Assert.Equal(2.0, One("chat.sessions.waiting", when: at.AddHours(1)));
        // A tenant with no snapshot, or an unknown metric: no samples.
        Assert.Empty(Source.Read(Tenants.New(), "chat.sessions.waiting", All, at));
        Assert.Empty(Source.Read(tenant, "chat.nope", All, at));
    }

    [Fact]
    public async Task Kpi_series_are_read_with_their_labels_and_a_stale_series_has_no_value()
    {
        var tenant = Tenants.New();
        var now = DateTime.UtcNow;
        KpiSeriesEntry Series(string region, double value, bool stale) =>
            new("leads", new Dictionary<string, string> { ["region"] = region, ["channel"] = "web" }, $"leads{{channel=\"web\",region=\"{region}\"}}",
                "gauge", value, null, null, null, now, now, stale, []);
        var kpis = new KpisUpdate("UTC", now.Date, 3, false,
            [Series("eu", 12, false), Series("us", 7, true), new KpiSeriesEntry("orders_total", new Dictionary<string, string>(), "orders_total", "counter", 40, 40, 2, null, now, now, false, [])], now);
        await server.PublishAsync(tenant, "kpis", "kpis_update", kpis, isSnapshot: true);
        var at = new DateTimeOffset(now);

        var leads = Source.Read(tenant, "kpi:leads", All, at).OrderBy(s => s.LabelKey, StringComparer.Ordinal).ToList();
        Assert.Equal([("{channel=\"web\",region=\"eu\"}", (double?)12), ("{channel=\"web\",region=\"us\"}", null)], leads.Select(s => (s.LabelKey, s.Value)).ToArray());
        Assert.Equal(12.0, Assert.Single(Source.Read(tenant, "kpi:leads", Where("region", "eu"), at)).Value);
        Assert.Null(Assert.Single(Source.Read(tenant, "kpi:leads", Where("region", "us"), at)).Value);
        var orders = Assert.Single(Source.Read(tenant, "kpi:orders_total", All, at));
        Assert.Equal(("", 40.0), (orders.LabelKey, orders.Value!.Value));
        Assert.Empty(Source.Read(tenant, "kpi:never_reported", All, at));
        Assert.True(AlertMetricCatalogue.IsKnown("kpi:never_reported"));
        Assert.False(AlertMetricCatalogue.IsKnown("kpi:"));
    }

    [Fact]
    public async Task Each_snapshot_is_parsed_once_and_a_new_one_replaces_it()
    {
        var tenant = Tenants.New();
        var now = DateTime.UtcNow;
        var first = new AgentMetricsUpdate(3, 1, 1, 1, 0, 0, 0.5, 3, [], now.Date, now);
        await server.PublishAsync(tenant, "agents", "agent_metrics", first, isSnapshot: true);
        var a = Source.Read(tenant, "agents.available", All, DateTimeOffset.UtcNow);
        Assert.Same(a, Source.Read(tenant, "agents.available", All, DateTimeOffset.UtcNow));
        Assert.Equal(1.0, Assert.Single(a).Value);

        await server.PublishAsync(tenant, "agents", "agent_metrics", first with { Available = 2 }, isSnapshot: true);
        Assert.Equal(2.0, Assert.Single(Source.Read(tenant, "agents.available", All, DateTimeOffset.UtcNow)).Value);

        // An event on the topic is not the snapshot: only agent_metrics is read.
        var other = Tenants.New();
        await server.PublishAsync(other, "agents", "agent_status_changed", new { agentId = "a-1", status = "available" }, isSnapshot: false);
        Assert.Empty(Source.Read(other, "agents.available", All, DateTimeOffset.UtcNow));
    }
}
