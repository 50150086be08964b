using System.Diagnostics.Metrics;
using Dashboard.Observability;

namespace Dashboard.Tests.Observability;

/// <summary>
/// The mapper keeps every family name and every sample name unique across meters and instruments (OpenMetrics requires
/// it; 0.0.4 would otherwise repeat a TYPE line): first instrument wins, deterministically.
/// </summary>
public sealed class MetricFamilyClashTests : IDisposable
{
    private readonly Meter _meter = new("Dashboard.Tests.Clash." + Guid.NewGuid().ToString("N"));
    private readonly PrometheusPullExporter _exporter = new();
    private readonly OpenTelemetry.Metrics.MeterProvider _provider;

    public MetricFamilyClashTests() => _provider = DashboardMeterProvider.Build(_exporter, _meter.Name, meterScope: null);

    public void Dispose()
    {
        _provider.Dispose();
        _meter.Dispose();
    }

    private async Task<IReadOnlyList<MetricFamily>> ScrapeAsync()
    {
        var families = await _exporter.ScrapeAsync();
        Assert.NotNull(families);
        return families;
    }

    [Fact]
    public async Task A_family_whose_sample_names_another_family_writes_is_dropped_whichever_comes_first()
    {
        _meter.CreateCounter<long>("jobs", description: "Jobs.").Add(1);
        _meter.CreateObservableGauge("jobs_total", () => 9, description: "Gauge that would write jobs_total.");
        _meter.CreateObservableGauge("lag_sum", () => 9, description: "Gauge first.");
        _meter.CreateHistogram<double>("lag", description: "Histogram that would write lag_sum.").Record(1);

        var families = await ScrapeAsync();

        Assert.Equal(["jobs", "lag_sum"], families.Select(f => f.Name));
        Assert.Equal(
            "# HELP jobs Jobs.\n# TYPE jobs counter\njobs_total 1\n" +
            "# HELP lag_sum Gauge first.\n# TYPE lag_sum gauge\nlag_sum 9\n# EOF\n",
            OpenMetricsTextFormat.Format(families));
    }

    [Fact]
    public async Task Instruments_sharing_a_family_keep_the_first_series_of_a_label_set()
    {
        _meter.CreateCounter<long>("hits.a", description: "Hits.").Add(1, new KeyValuePair<string, object?>("src", "x"));
        _meter.CreateCounter<long>("hits_a", description: "Hits.").Add(5, new KeyValuePair<string, object?>("src", "x"));
        _meter.CreateCounter<long>("hits-a", description: "Hits.").Add(2, new KeyValuePair<string, object?>("src", "y"));

        Assert.Equal(
            "# HELP hits_a Hits.\n# TYPE hits_a counter\nhits_a_total{src=\"x\"} 1\nhits_a_total{src=\"y\"} 2\n# EOF\n",
            OpenMetricsTextFormat.Format(await ScrapeAsync()));
    }

    [Fact]
    public async Task Tags_that_sanitise_to_a_repeated_label_name_or_to_le_on_a_histogram_are_dropped()
    {
        _meter.CreateCounter<long>("sends", description: "Sends.")
            .Add(1, new("a.b", "first"), new("a_b", "second"));
        _meter.CreateHistogram("wait", unit: "s", description: "Wait.", tags: null,
                advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1] })
            .Record(0.5, new KeyValuePair<string, object?>("le", "mine"));

        var text = OpenMetricsTextFormat.Format(await ScrapeAsync());

        Assert.Contains("sends_total{a_b=\"", text, StringComparison.Ordinal);
        Assert.Equal(1, text.Split("a_b=").Length - 1);
        Assert.Contains(
            "# TYPE wait_seconds histogram\n# UNIT wait_seconds seconds\n" +
            "wait_seconds_bucket{le=\"1\"} 1\nwait_seconds_bucket{le=\"+Inf\"} 1\nwait_seconds_sum 0.5\nwait_seconds_count 1\n",
            text,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_scrapes_join_the_collection_in_flight_instead_of_collecting_again()
    {
        var callbacks = 0;
        using var entered = new SemaphoreSlim(0);
        using var release = new SemaphoreSlim(0);
        _meter.CreateObservableGauge("slow", () =>
        {
            // Holds the first collection open until the other scrapes have started.
            if (Interlocked.Increment(ref callbacks) == 1)
            {
                entered.Release();
                Assert.True(release.Wait(TimeSpan.FromSeconds(10)));
            }

            return 1;
        }, description: "Slow.");

        var first = Task.Run(_exporter.ScrapeAsync);
        Assert.True(await entered.WaitAsync(TimeSpan.FromSeconds(10)));
        var joined = Enumerable.Range(0, 5).Select(_ => _exporter.ScrapeAsync()).ToList();
        Assert.All(joined, t => Assert.False(t.IsCompleted));
        release.Release();

        var results = await Task.WhenAll([first, .. joined]);
        Assert.Equal(1, callbacks);
        Assert.All(results, r => Assert.Same(results[0], r));
        Assert.Equal("slow", Assert.Single(results[0]!).Name);
    }
}
