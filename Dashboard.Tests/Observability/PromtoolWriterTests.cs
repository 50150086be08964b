using System.Diagnostics.Metrics;
using Dashboard.Observability;

namespace Dashboard.Tests.Observability;

/// <summary>
/// <c>promtool check metrics</c> (Prometheus' own parser and linter) accepts what the 0.0.4 writer and the mapper produce:
/// zero problems. Without <c>/usr/bin/promtool</c> (Debian's <c>prometheus</c> package, which .ci/run installs) they
/// fail saying so (<see cref="Promtool"/>): they never pass unchecked.
/// </summary>
public sealed class PromtoolWriterTests : IDisposable
{
    private readonly Meter _meter = new("Dashboard.Tests.Promtool." + Guid.NewGuid().ToString("N"));
    private readonly PrometheusPullExporter _exporter = new();
    private readonly OpenTelemetry.Metrics.MeterProvider _provider;

    public PromtoolWriterTests() => _provider = DashboardMeterProvider.Build(_exporter, _meter.Name, meterScope: null);

    public void Dispose()
    {
        _provider.Dispose();
        _meter.Dispose();
    }

    private static KeyValuePair<string, string> L(string name, string value) => new(name, value);

    [Fact]
    public async Task Hand_built_families_with_escapes_special_values_and_a_histogram_pass_promtool()
    {
        var families = new[]
        {
            new MetricFamily("dashboard_events_accepted", MetricFamilyType.Counter, "Events accepted, by \"tenant\" \\ source.\nSecond line.", null,
            [
                new MetricSample("_total", [L("tenant", "a\"b\\c\nd")], 3),
                new MetricSample("_total", [L("tenant", "")], 0),
            ]),
            new MetricFamily("dashboard_queue_depth", MetricFamilyType.Gauge, "Calls waiting.", null,
            [
                new MetricSample("", [L("queue", "support")], double.NaN),
                new MetricSample("", [L("queue", "sales")], double.PositiveInfinity),
                new MetricSample("", [L("queue", "vip")], double.NegativeInfinity),
                new MetricSample("", [L("queue", "tiny")], 1.5e-7),
            ]),
            new MetricFamily("dashboard_up", MetricFamilyType.Gauge, "Always 1.", null, [new MetricSample("", [], 1)]),
            new MetricFamily("dashboard_commit_duration_seconds", MetricFamilyType.Histogram, "Commit latency.", "seconds",
            [
                new MetricSample("_bucket", [L("le", "0.001")], 1),
                new MetricSample("_bucket", [L("le", "0.002")], 3),
                new MetricSample("_bucket", [L("le", "+Inf")], 4),
                new MetricSample("_sum", [], 0.0071),
                new MetricSample("_count", [], 4),
            ]),
        };

        await AssertPromtoolAcceptsAsync(PrometheusTextFormat.Format(families));
    }

    [Fact]
    public async Task The_mapped_open_telemetry_collection_passes_promtool_even_with_clashing_instrument_names()
    {
        _meter.CreateCounter<long>("requests_received", description: "Requests.")
            .Add(2, new("code", "200"), new("method", "GET"), new("endpoint", "/a \"quoted\" \\ path"));
        _meter.CreateCounter<double>("busy", unit: "s", description: "Busy time.").Add(0.25);
        var open = _meter.CreateUpDownCounter<long>("open_connections", description: "Open connections.");
        open.Add(3, new KeyValuePair<string, object?>("transport", "ws"));
        open.Add(-3, new KeyValuePair<string, object?>("transport", "ws"));
        _meter.CreateObservableGauge("heap", () => 4096L, unit: "By", description: "Heap.");
        _meter.CreateHistogram<double>("commit_duration", unit: "s", description: "Commit latency.")
            .Record(0.003, new KeyValuePair<string, object?>("outcome", "ok"));
        // Would repeat "requests_received_total" (and a histogram's "_sum") as a second family: the mapper drops them.
        _meter.CreateObservableGauge("requests_received_total", () => 1, description: "Clash.");
        _meter.CreateObservableGauge("commit_duration_seconds_sum", () => 1, description: "Clash.");
        // A gauge named like a histogram's count sample is renamed to its plural, which promtool accepts.
        _meter.CreateObservableGauge("worker.thread.count", () => 3, description: "Threads.");

        var families = await _exporter.ScrapeAsync();
        Assert.NotNull(families);
        Assert.Equal(["requests_received", "busy_seconds", "open_connections", "heap_bytes", "commit_duration_seconds", "worker_threads"], families.Select(f => f.Name));
        await AssertPromtoolAcceptsAsync(PrometheusTextFormat.Format(families));
    }

    private static async Task AssertPromtoolAcceptsAsync(string exposition)
    {
        var (exitCode, lines) = await Promtool.CheckMetricsAsync(exposition);
        Assert.True(exitCode == 0 && lines.Count == 0, $"promtool exit {exitCode}: {string.Join('\n', lines)}\n--- input ---\n{exposition}");
    }
}
