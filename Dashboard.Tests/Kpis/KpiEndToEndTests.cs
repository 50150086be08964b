using Dashboard.Tests.Infrastructure;
using Npgsql;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Auth;
using Dashboard.Tests.Ingestion;
using static Dashboard.Tests.Observability.MetricsScrape;

namespace Dashboard.Tests.Kpis;

/// <summary>
/// The running app's 1 s tick publishing <c>kpis_update</c> to a real WebSocket subscriber of <c>kpis</c> only when the
/// series change (ticks that find the same figures send nothing), never another tenant's series, and the same series
/// exported on <c>/metrics</c> as <c>dashboard_kpi{tenant,name,…labels}</c>. State rows are written as the fold writes them.
/// </summary>
public sealed class KpiEndToEndTests(KpiServer server) : IClassFixture<KpiServer>, IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly NpgsqlDataSource _data = NpgsqlDataSource.Create(server.ConnectionString);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _data.DisposeAsync();

    private static async Task<ProtocolClient> SubscribedAsync(KpiServer server, string tenant)
    {
        var (client, _) = await ProtocolClient.ConnectAuthenticatedAsync(server, server.Token(tenant));
        await client.SendAsync(new { type = "subscribe", id = "k", topics = new[] { "kpis" } });
        await client.ReceiveUntilAsync(m => m.GetProperty("type").GetString() == "subscribed" && m.GetProperty("topic").GetString() == "kpis", Deadline);
        return client;
    }

    private static bool IsKpis(JsonElement m) => m.GetProperty("type").GetString() == "kpis_update";

    private static double TickRuns(List<Observability.ParsedFamily> f) => Value(f, "dashboard_job_runs_total", ("job", "campaign_metrics"), ("result", "success"));

    [Fact]
    public async Task Kpis_update_reaches_a_websocket_subscriber_only_when_changed_and_only_for_its_tenant()
    {
        var (tenant, other) = (Tenants.New(), Tenants.New());
        await using var client = await SubscribedAsync(server, tenant);
        await using var otherClient = await SubscribedAsync(server, other);
        var rows = new KpiTestRows(_data, tenant);
        var now = DateTime.UtcNow;
        await rows.SeriesAsync("leads", "gauge", 12, now, now, 1, ("region", "eu"));
        await rows.ChangedAsync();
        await new KpiTestRows(_data, other).SeriesAsync("private_kpi", "gauge", 99, now, now);
        await new KpiTestRows(_data, other).ChangedAsync();

        var first = await client.ReceiveUntilAsync(IsKpis, Deadline);
        Assert.Equal("leads{region=\"eu\"}", Assert.Single(first.GetProperty("data").GetProperty("series").EnumerateArray()).GetProperty("key").GetString());

        // The tenant is live (a report just now): every tick recomputes it. Three ticks later, change the value; the next
        // kpis_update must be the changed one: an unchanged recomputation sent nothing in between.
        using var http = server.Http();
        var runs = TickRuns(await ScrapeAsync(http));
        await Poll.UntilAsync(async () => TickRuns(await ScrapeAsync(http)) >= runs + 3, Deadline, "three more ticks");
        await rows.SeriesAsync("leads", "gauge", 13, now, DateTime.UtcNow, 2, ("region", "eu"));
        await rows.ChangedAsync();
        var next = await client.ReceiveUntilAsync(IsKpis, Deadline);
        Assert.Equal(13, next.GetProperty("data").GetProperty("series")[0].GetProperty("value").GetDouble());
        Assert.True(next.GetProperty("seq").GetInt64() > first.GetProperty("seq").GetInt64());

        // The other tenant sees its own series only.
        var theirs = await otherClient.ReceiveUntilAsync(IsKpis, Deadline);
        Assert.Equal(["private_kpi"], theirs.GetProperty("data").GetProperty("series").EnumerateArray().Select(s => s.GetProperty("key").GetString()!).ToArray());

        // /metrics: the series with its own labels next to tenant and name, and the counter of another label set in the same family.
        var families = await UntilAsync(http, f => Exact(f, "dashboard_kpi", ("tenant", tenant), ("name", "leads"), ("region", "eu")) == 13);
        Assert.Equal(13, Exact(families, "dashboard_kpi", ("tenant", tenant), ("name", "leads"), ("region", "eu")));
        Assert.Equal(99, Exact(families, "dashboard_kpi", ("tenant", other), ("name", "private_kpi")));
    }

    [Fact]
    public async Task Reports_ingested_through_the_real_endpoint_are_folded_and_served_on_kpis_rest_and_history()
    {
        var tenant = Tenants.New();
        await using var client = await SubscribedAsync(server, tenant);
        var now = DateTime.UtcNow;
        JsonObject Report(string name, double value, DateTime time, string? kind, params (string, string)[] labels)
        {
            var data = new JsonObject { ["name"] = name, ["value"] = value, ["labels"] = new JsonObject(labels.Select(l => KeyValuePair.Create(l.Item1, (JsonNode?)l.Item2))) };
            if (kind is not null)
            {
                data["kind"] = kind;
            }

            var e = Events.Event("metric.reported", data, source: "/kpi/test");
            e["time"] = time.ToString("O");
            return e;
        }

        using var producer = server.Http(server.Token(tenant, Scopes.Write));
        // The gauge's newer report (by event time) comes first; the older one arriving after it does not overwrite it.
        // The counter's labels come in two orders: one series, whose total is the sum.
        using (var response = await producer.PostAsync(Events.Array(
                   Report("leads", 12, now.AddSeconds(-1), null, ("region", "eu")),
                   Report("leads", 7, now.AddSeconds(-30), "gauge", ("region", "eu")),
                   Report("ai_agent_conversations", 3, now.AddSeconds(-2), "counter", ("bot", "a"), ("channel", "web")),
                   Report("ai_agent_conversations", 4, now.AddSeconds(-1), "counter", ("channel", "web"), ("bot", "a"))), Events.Batch))
        {
            await response.AssertAcceptedAsync(4, 0);
        }

        var update = await client.ReceiveUntilAsync(m => IsKpis(m) && m.GetProperty("data").GetProperty("seriesCount").GetInt32() == 2, Deadline);
        var series = update.GetProperty("data").GetProperty("series").EnumerateArray().ToDictionary(s => s.GetProperty("key").GetString()!);
        var counter = series["ai_agent_conversations{bot=\"a\",channel=\"web\"}"];
        Assert.Equal((7.0, 7.0), (counter.GetProperty("value").GetDouble(), counter.GetProperty("total").GetDouble()));
        var leads = series["leads{region=\"eu\"}"];
        Assert.Equal((12.0, "leads"), (leads.GetProperty("value").GetDouble(), leads.GetProperty("unit").GetString()));

        using var http = server.Http(server.Token(tenant));
        var history = await (await http.GetAsync("/api/v1/kpis/ai_agent_conversations?labels=channel=web,bot=a&hours=1")).JsonAsync();
        Assert.Equal(7.0, history.GetProperty("points").EnumerateArray().Sum(p => p.GetProperty("value").GetDouble()));
        Assert.Equal(2, history.GetProperty("points").EnumerateArray().Sum(p => p.GetProperty("reports").GetInt64()));
    }
}
