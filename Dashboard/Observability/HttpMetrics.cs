using System.Collections.Frozen;
using Prometheus;
using Prometheus.HttpMetrics;

namespace Dashboard.Observability;

/// <summary>
/// The collectors prometheus-net.AspNetCore's <c>UseHttpMetrics</c> records into, created here in the application's
/// registry with exactly its default names, help, label sets (with Razor Pages present) and buckets:
/// <c>http_requests_received_total{code,method,controller,action,page,endpoint}</c>,
/// <c>http_request_duration_seconds{…same}</c> (buckets 0.001·2ⁿ s, n = 0..15) and
/// <c>http_requests_in_progress{method,controller,action,page,endpoint}</c>. prometheus-net fills them: <c>controller</c>,
/// <c>action</c> and <c>page</c> are route values (empty for Minimal APIs), <c>endpoint</c> the route template, never the
/// raw path. Given to it wrapped so that methods outside the standard nine are recorded as <c>OTHER</c>: prometheus-net
/// passes the method through, which would let any client create series at will (docs/observability.md).
/// </summary>
internal sealed class HttpMetrics
{
    private static readonly string[] RequestLabels = ["code", "method", "controller", "action", "page", "endpoint"];
    private static readonly string[] InProgressLabels = ["method", "controller", "action", "page", "endpoint"];

    private readonly Counter _received;

    /// <summary>Creates the collectors in <paramref name="registry"/>.</summary>
    public HttpMetrics(CollectorRegistry registry)
    {
        var factory = MetricsRegistry.Factory(registry);
        _received = factory.CreateCounter(
            "http_requests_received_total",
            "Provides the count of HTTP requests that have been processed by the ASP.NET Core pipeline.",
            RequestLabels);
        var duration = factory.CreateHistogram(
            "http_request_duration_seconds",
            "The duration of HTTP requests processed by an ASP.NET Core application.",
            RequestLabels,
            new HistogramConfiguration { Buckets = MetricsRegistry.SecondsBuckets });
        var inProgress = factory.CreateGauge(
            "http_requests_in_progress",
            "The number of requests currently in progress in the ASP.NET Core pipeline. One series without controller/action label values counts all in-progress requests, with separate series existing for each controller-action pair.",
            InProgressLabels);

        Options = new HttpMiddlewareExporterOptions
        {
            // prometheus-net leaves /metrics out by default; this server has always counted it.
            CaptureMetricsUrl = true,
            RequestCount = { Counter = new MethodBounded<ICounter>(_received) },
            RequestDuration = { Histogram = new MethodBounded<IHistogram>(duration) },
            InProgress = { Gauge = new MethodBounded<IGauge>(inProgress) },
        };
    }

    /// <summary>The options to give prometheus-net's <c>UseHttpMetrics</c>.</summary>
    public HttpMiddlewareExporterOptions Options { get; }

    /// <summary>Requests counted so far whose <c>endpoint</c> label is <paramref name="routeTemplate"/>, every other label summed over.</summary>
    public double RequestsTo(string routeTemplate)
    {
        var endpoint = Array.IndexOf(RequestLabels, "endpoint");
        double total = 0;
        foreach (var values in _received.GetAllLabelValues())
        {
            if (values[endpoint] == routeTemplate)
            {
                total += _received.WithLabels(values).Value;
            }
        }

        return total;
    }

    /// <summary>The <c>method</c> label: the canonical upper-case method, or <c>OTHER</c> (bounded cardinality).</summary>
    public static string MethodLabel(string method) => KnownMethods.TryGetValue(method, out var known) ? known : "OTHER";

    private static readonly FrozenDictionary<string, string> KnownMethods =
        new[] { "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT" }
            .ToFrozenDictionary(m => m, m => m, StringComparer.OrdinalIgnoreCase);

    // prometheus-net accepts a custom collector per HTTP family (its documented extension point) and asks it for a child
    // with the label values it computed; this one rewrites the method value first and delegates everything else.
    private sealed class MethodBounded<TChild>(ICollector<TChild> inner) : ICollector<TChild>
        where TChild : ICollectorChild
    {
        private readonly int _method = Array.IndexOf(inner.LabelNames, "method");

        public TChild Unlabelled => inner.Unlabelled;

        public string Name => inner.Name;

        public string Help => inner.Help;

        public string[] LabelNames => inner.LabelNames;

        public TChild WithLabels(params string[] labelValues) => inner.WithLabels(Bounded(labelValues));

        public TChild WithLabels(ReadOnlyMemory<string> labelValues) => inner.WithLabels(Bounded(labelValues.ToArray()));

        public TChild WithLabels(ReadOnlySpan<string> labelValues) => inner.WithLabels(Bounded(labelValues.ToArray()));

        private string[] Bounded(string[] values)
        {
            if (_method >= 0 && _method < values.Length)
            {
                var label = MethodLabel(values[_method]);
                if (!ReferenceEquals(label, values[_method]))
                {
                    values = [.. values];
                    values[_method] = label;
                }
            }

            return values;
        }
    }
}
