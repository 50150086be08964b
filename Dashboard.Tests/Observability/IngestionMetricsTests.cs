using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Ingestion;
using System.Net;
using System.Text;
using static Dashboard.Tests.Observability.MetricsScrape;

namespace Dashboard.Tests.Observability;

/// <summary>
/// Ingestion families after real <c>POST /api/v1/events</c> requests: events by result, refused requests by their
/// bounded <c>reason</c>, the batch size histogram (events per request) and the commit latency histogram.
/// </summary>
public sealed class IngestionMetricsTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    [Fact]
    public async Task Accepted_duplicate_and_rejected_events_batch_sizes_and_commit_latency_are_exported()
    {
        using var http = server.Http();
        using var producer = server.Http(server.Token(Tenants.New(), "events:write"));
        var before = await ScrapeAsync(http);

        var first = Events.CallStarted("c-1");
        await (await producer.PostAsync(Events.Array(first, Events.CallStarted("c-2"), Events.CallStarted("c-3")), Events.Batch)).AssertAcceptedAsync(3, 0);
        await (await producer.PostAsync(Events.Array(first, Events.CallEnded("c-1")), Events.Batch)).AssertAcceptedAsync(1, 1);

        // Two events, one without a type: the whole batch is refused as invalid.
        var invalid = Events.CallStarted("c-4");
        invalid.Remove("type");
        await (await producer.PostAsync(Events.Array(Events.CallStarted("c-5"), invalid), Events.Batch)).AssertProblemAsync(400);

        using (var xml = new StringContent("<event/>", Encoding.UTF8, "application/xml"))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await producer.PostAsync("/api/v1/events", xml)).StatusCode);
        }

        var after = await ScrapeAsync(http);
        double Delta(string name, params (string, string)[] labels) => Value(after, name, labels) - Value(before, name, labels);

        Assert.Equal(4, Delta("dashboard_events_ingested_total", ("result", "accepted")));
        Assert.Equal(1, Delta("dashboard_events_ingested_total", ("result", "duplicate")));
        Assert.Equal(2, Delta("dashboard_events_ingested_total", ("result", "rejected")));

        Assert.Equal("counter", Family(after, "dashboard_ingest_rejections_total").Type);
        Assert.Equal(1, Delta("dashboard_ingest_rejections_total", ("reason", "validation")));
        Assert.Equal(1, Delta("dashboard_ingest_rejections_total", ("reason", "unsupported_media_type")));
        Assert.Equal(0, Delta("dashboard_ingest_rejections_total", ("reason", "too_large")));

        // Two batches reached the store: 3 events (bucket le=5, not le=2) and 2 events (le=2).
        Assert.Equal("histogram", Family(after, "dashboard_ingest_batch_events").Type);
        Assert.Equal(2, Delta("dashboard_ingest_batch_events_count"));
        Assert.Equal(5, Delta("dashboard_ingest_batch_events_sum"));
        Assert.Equal(1, Delta("dashboard_ingest_batch_events_bucket", ("le", "2")));
        Assert.Equal(2, Delta("dashboard_ingest_batch_events_bucket", ("le", "5")));

        Assert.Equal("histogram", Family(after, "dashboard_ingest_commit_duration_seconds").Type);
        Assert.Equal(2, Delta("dashboard_ingest_commit_duration_seconds_count"));
        Assert.True(Delta("dashboard_ingest_commit_duration_seconds_sum") > 0);
        Assert.Equal(2, Delta("dashboard_ingest_commit_duration_seconds_bucket", ("le", "+Inf")));
    }
}
