using Dashboard.Tests.Infrastructure;
using static Dashboard.Tests.Observability.MetricsScrape;

namespace Dashboard.Tests.Kpis;

/// <summary>The app with the business series capped at 2.</summary>
public sealed class TwoBusinessSeriesServer() : ConfiguredServer(new() { ["Metrics:MaxBusinessSeries"] = "2" });

/// <summary>
/// <c>dashboard_kpi</c> on <c>/metrics</c> from the hub's <c>kpis_update</c> snapshots: one family whose samples carry
/// each series' own labels after <c>tenant</c> and <c>name</c> (strict exposition parser), a series gone from the newest
/// snapshot gone from the next scrape, and the first series left out when <c>Metrics:MaxBusinessSeries</c> bites.
/// </summary>
public sealed class KpiScrapeTests(TwoBusinessSeriesServer server) : IClassFixture<TwoBusinessSeriesServer>
{
    private static object Update(params (string Name, Dictionary<string, string> Labels, double Value)[] series) => new
    {
        timeZone = "UTC",
        windowStart = DateTime.UtcNow.Date,
        seriesCount = series.Length,
        truncated = false,
        series = series.Select(s => new { name = s.Name, labels = s.Labels, key = s.Name, kind = "gauge", value = s.Value }),
        computedAt = DateTime.UtcNow,
    };

    [Fact]
    public async Task Kpi_series_are_one_family_with_their_own_labels_removed_when_gone_and_dropped_first_at_the_cap()
    {
        var tenant = "kpi-scrape-" + Tenants.New();
        using var http = server.Http();
        await server.PublishAsync(tenant, "kpis", "kpis_update",
            Update(("leads", new() { ["region"] = "eu" }, 12), ("leads", new() { ["region"] = "us", ["team"] = "b" }, 3)), isSnapshot: true);

        var families = await UntilAsync(http, f => Exact(f, "dashboard_kpi", ("tenant", tenant), ("name", "leads"), ("region", "eu")) == 12);
        Assert.Equal("gauge", Family(families, "dashboard_kpi").Type);
        Assert.Equal(3, Exact(families, "dashboard_kpi", ("tenant", tenant), ("name", "leads"), ("region", "us"), ("team", "b")));

        // The us series is gone from the newest snapshot: gone from /metrics too.
        await server.PublishAsync(tenant, "kpis", "kpis_update", Update(("leads", new() { ["region"] = "eu" }, 13)), isSnapshot: true);
        families = await UntilAsync(http, f => Exact(f, "dashboard_kpi", ("tenant", tenant), ("name", "leads"), ("region", "eu")) == 13);
        Assert.Null(Exact(families, "dashboard_kpi", ("tenant", tenant), ("name", "leads"), ("region", "us"), ("team", "b")));

        // A tenant-wide gauge and two KPI series for a cap of 2: the KPI series sorted last is left out, not the calls.
        await server.PublishAsync(tenant, "calls", "active_calls_update", new { activeCalls = 4, calls = Array.Empty<object>(), computedAt = DateTime.UtcNow }, isSnapshot: true);
        await server.PublishAsync(tenant, "kpis", "kpis_update",
            Update(("leads", new() { ["region"] = "eu" }, 13), ("mentions", new(), 5)), isSnapshot: true);
        families = await UntilAsync(http, f => Exact(f, "dashboard_tenant_active_calls", ("tenant", tenant)) == 4);
        Assert.Equal(13, Exact(families, "dashboard_kpi", ("tenant", tenant), ("name", "leads"), ("region", "eu")));
        Assert.Null(Exact(families, "dashboard_kpi", ("tenant", tenant), ("name", "mentions")));
    }
}
