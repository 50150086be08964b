using Prometheus;

namespace Dashboard.Observability;

/// <summary>
/// The prometheus-net registry behind <c>/metrics</c>: one <see cref="CollectorRegistry"/> per application, registered in
/// DI, so several servers in one process (the tests) never share a value, unlike prometheus-net's static default registry
/// (docs/observability.md).
/// </summary>
internal static class MetricsRegistry
{
    /// <summary>
    /// prometheus-net's HTTP duration buckets, 0.001·2ⁿ s for n = 0..15 (1 ms … 32.768 s); every histogram in seconds uses
    /// them unless it states otherwise.
    /// </summary>
    public static readonly double[] SecondsBuckets = Histogram.ExponentialBuckets(0.001, 2, 16);

    /// <summary>
    /// A factory creating collectors in <paramref name="registry"/>, without exemplars: an OpenMetrics scrape would
    /// otherwise carry the current trace's ids on counters and buckets, which Prometheus stores only with a feature flag
    /// and promtool's text parser refuses.
    /// </summary>
    public static MetricFactory Factory(CollectorRegistry registry)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        factory.ExemplarBehavior = ExemplarBehavior.NoExemplars();
        return factory;
    }
}
