namespace Dashboard.Observability;

/// <summary>
/// A set of metric families that a feature outside <c>Observability/</c> keeps in the application's
/// <see cref="Prometheus.CollectorRegistry"/> (for instance the business gauges, which read the hub). Registered as this
/// interface, it is created with <see cref="MetricsExposition"/>, so its families exist from start-up rather than from
/// the first scrape, and <c>Observability/</c> never has to know the feature (docs/architecture.md §1).
/// </summary>
public interface IScrapeSource;
