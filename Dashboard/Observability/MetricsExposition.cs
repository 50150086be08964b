using Prometheus;

namespace Dashboard.Observability;

/// <summary>
/// The application's registry with every family in it: constructing this resolves the server's metric classes and
/// starts the library adapters (<see cref="LibraryMetrics"/>), so their families exist and count from start-up, not from
/// the first scrape. <see cref="WriteAsync"/> is prometheus-net's exporter on that registry.
/// </summary>
internal sealed class MetricsExposition
{
    private readonly MetricServerMiddleware _exporter;

    /// <summary>Takes every metric class so that the container creates them all before the first request.</summary>
    public MetricsExposition(
        CollectorRegistry registry,
        DashboardMetrics dashboard,
        HttpMetrics http,
        IngestionMetrics ingestion,
        ResilienceMetrics resilience,
        LibraryMetrics library,
        IEnumerable<IScrapeSource> sources)
    {
        _ = (dashboard, http, ingestion, resilience, library, sources.ToList());
        _exporter = new MetricServerMiddleware(
            static _ => Task.CompletedTask,
            new MetricServerMiddleware.Settings { Registry = registry, EnableOpenMetrics = true });
    }

    /// <summary>
    /// Collects the registry (running its before-collect callbacks: process figures, observable instruments, business
    /// gauges) and writes it in the format <c>Accept</c> negotiates: OpenMetrics 1.0.0 when an
    /// <c>application/openmetrics-text</c> range comes before any <c>text/plain</c> one by q-value, else text 0.0.4.
    /// </summary>
    public Task WriteAsync(HttpContext context) => _exporter.Invoke(context);
}
