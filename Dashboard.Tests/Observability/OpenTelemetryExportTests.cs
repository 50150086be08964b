using System.Diagnostics.Metrics;
using Dashboard.Observability;

namespace Dashboard.Tests.Observability;

/// <summary>The real OpenTelemetry pipeline (meter → cumulative pull reader → our exporter → text) on a private meter.</summary>
public sealed class OpenTelemetryExportTests : IDisposable
{
    private readonly Meter _meter = new("Dashboard.Tests." + Guid.NewGuid().ToString("N"));
    private readonly PrometheusPullExporter _exporter = new();
    private readonly OpenTelemetry.Metrics.MeterProvider _provider;

    public OpenTelemetryExportTests() => _provider = DashboardMeterProvider.Build(_exporter, _meter.Name, meterScope: null);

    public void Dispose()
    {
        _provider.Dispose();
        _meter.Dispose();
    }

    private async Task<string> ScrapeAsync()
    {
        var families = await _exporter.ScrapeAsync();
        Assert.NotNull(families);
        return PrometheusTextFormat.Format(families);
    }

    [Fact]
    public async Task Counters_get_total_and_unit_suffixes_exactly_once()
    {
        _meter.CreateCounter<long>("requests", description: "Requests.").Add(2);
        _meter.CreateCounter<long>("already_total", description: "Already suffixed.").Add(1);
        _meter.CreateCounter<double>("busy_seconds", unit: "s", description: "Busy time.").Add(1.5);
        _meter.CreateCounter<double>("io", unit: "By", description: "Bytes.").Add(10);

        Assert.Equal(
            "# HELP requests_total Requests.\n# TYPE requests_total counter\nrequests_total 2\n" +
            "# HELP already_total Already suffixed.\n# TYPE already_total counter\nalready_total 1\n" +
            "# HELP busy_seconds_total Busy time.\n# TYPE busy_seconds_total counter\nbusy_seconds_total 1.5\n" +
            "# HELP io_bytes_total Bytes.\n# TYPE io_bytes_total counter\nio_bytes_total 10\n",
            await ScrapeAsync());
    }

    [Fact]
    public async Task Gauges_and_up_down_counters_including_observable_ones_are_gauges()
    {
        var updown = _meter.CreateUpDownCounter<long>("open", description: "Open things.");
        updown.Add(3, new KeyValuePair<string, object?>("kind", "a"));
        updown.Add(-1, new KeyValuePair<string, object?>("kind", "a"));
        _meter.CreateObservableGauge("memory", () => 1024L, unit: "By", description: "Memory.");
        _meter.CreateObservableUpDownCounter("queue", () => 7, description: "Queue.");

        Assert.Equal(
            "# HELP open Open things.\n# TYPE open gauge\nopen{kind=\"a\"} 2\n" +
            "# HELP memory_bytes Memory.\n# TYPE memory_bytes gauge\nmemory_bytes 1024\n" +
            "# HELP queue Queue.\n# TYPE queue gauge\nqueue 7\n",
            await ScrapeAsync());
    }

    [Fact]
    public async Task Histogram_buckets_are_cumulative_and_inf_equals_count()
    {
        var histogram = _meter.CreateHistogram(
            "latency", unit: "s", description: "Latency.", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.002, 0.004] });
        foreach (var value in new[] { 0.0005, 0.0015, 0.0015, 0.003, 100 })
        {
            histogram.Record(value, new KeyValuePair<string, object?>("route", "/x"));
        }

        var text = await ScrapeAsync();

        Assert.Equal(
            "# HELP latency_seconds Latency.\n# TYPE latency_seconds histogram\n" +
            "latency_seconds_bucket{route=\"/x\",le=\"0.001\"} 1\n" +
            "latency_seconds_bucket{route=\"/x\",le=\"0.002\"} 3\n" +
            "latency_seconds_bucket{route=\"/x\",le=\"0.004\"} 4\n" +
            "latency_seconds_bucket{route=\"/x\",le=\"+Inf\"} 5\n" +
            "latency_seconds_sum{route=\"/x\"} 100.0065\n" +
            "latency_seconds_count{route=\"/x\"} 5\n",
            text);
        PrometheusTextParser.Parse(text);
    }

    [Fact]
    public async Task Seconds_histograms_without_advice_get_the_prometheus_net_buckets()
    {
        _meter.CreateHistogram<double>("work", unit: "s", description: "Work.").Record(0.003);

        var family = Assert.Single(PrometheusTextParser.Parse(await ScrapeAsync()));
        var bounds = family.Samples.Where(s => s.Name == "work_seconds_bucket").Select(s => s.Labels["le"]).ToList();
        Assert.Equal(
            ["0.001", "0.002", "0.004", "0.008", "0.016", "0.032", "0.064", "0.128", "0.256", "0.512", "1.024", "2.048", "4.096", "8.192", "16.384", "32.768", "+Inf"],
            bounds);
    }

    [Fact]
    public async Task Instruments_colliding_after_sanitising_share_one_contiguous_family_and_a_type_clash_is_dropped()
    {
        _meter.CreateCounter<long>("hits.a", description: "Hits.").Add(1, new KeyValuePair<string, object?>("src", "dot"));
        _meter.CreateCounter<long>("other", description: "Other.").Add(1);
        _meter.CreateCounter<long>("hits_a", description: "Hits.").Add(2, new KeyValuePair<string, object?>("src", "underscore"));
        // Family "hits_a" is already a counter: a gauge of that family name would clash (in OpenMetrics), so it is skipped.
        _meter.CreateObservableGauge("hits-a", () => 5, description: "Same name, other type.");

        var text = await ScrapeAsync();

        Assert.Equal(
            "# HELP hits_a_total Hits.\n# TYPE hits_a_total counter\n" +
            "hits_a_total{src=\"dot\"} 1\nhits_a_total{src=\"underscore\"} 2\n" +
            "# HELP other_total Other.\n# TYPE other_total counter\nother_total 1\n",
            text);
        PrometheusTextParser.Parse(text);
    }

    [Fact]
    public async Task Concurrent_scrapes_all_get_a_complete_collection()
    {
        var counter = _meter.CreateCounter<long>("ticks", description: "Ticks.");
        counter.Add(1);

        var scrapes = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                counter.Add(1);
                var families = await _exporter.ScrapeAsync();
                Assert.NotNull(families);
                var family = Assert.Single(families);
                Assert.Equal("ticks", family.Name);
                Assert.True(Assert.Single(family.Samples).Value >= 1);
            }
        }));

        await Task.WhenAll(scrapes);
    }

    [Fact]
    public async Task Scrape_after_the_provider_is_disposed_reports_failure()
    {
        _provider.Dispose();
        Assert.Null(await _exporter.ScrapeAsync());
    }
}
