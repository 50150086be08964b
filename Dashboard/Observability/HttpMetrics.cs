using System.Collections.Frozen;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Dashboard.Observability;

/// <summary>
/// HTTP request instruments on meter <c>Dashboard</c>, named as prometheus-net.AspNetCore names them so existing
/// Grafana dashboards work: <c>http_requests_received_total{code,method,endpoint}</c>,
/// <c>http_request_duration_seconds{code,method,endpoint}</c> (buckets 0.001·2ⁿ s, n = 0..15) and
/// <c>http_requests_in_progress{method,endpoint}</c>. <c>endpoint</c> is the route template, never the raw path
/// (one series per route, not per URL), and empty for unrouted requests; unknown methods are reported as <c>OTHER</c>.
/// </summary>
internal sealed class HttpMetrics
{
    private static readonly FrozenDictionary<string, string> KnownMethods =
        new[] { "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT" }
            .ToFrozenDictionary(m => m, m => m, StringComparer.OrdinalIgnoreCase);

    private static readonly string[] StatusCodeLabels = [.. Enumerable.Range(0, 600).Select(code => code.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    private readonly Counter<long> _received;
    private readonly Histogram<double> _duration;
    private readonly UpDownCounter<long> _inProgress;

    /// <summary>Creates the instruments on the host's <c>Dashboard</c> meter.</summary>
    public HttpMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(DashboardMetrics.MeterName);
        _received = meter.CreateCounter<long>(
            "http_requests_received",
            description: "Provides the count of HTTP requests that have been processed by the ASP.NET Core pipeline.");
        _duration = meter.CreateHistogram(
            "http_request_duration",
            unit: "s",
            description: "The duration of HTTP requests processed by an ASP.NET Core application.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DashboardMeterProvider.SecondsBuckets });
        _inProgress = meter.CreateUpDownCounter<long>(
            "http_requests_in_progress",
            description: "The number of requests currently in progress in the ASP.NET Core pipeline.");
    }

    /// <summary>The <c>method</c> label: the canonical upper-case method, or <c>OTHER</c> (bounded cardinality).</summary>
    public static string MethodLabel(string method) => KnownMethods.TryGetValue(method, out var known) ? known : "OTHER";

    /// <summary>The <c>endpoint</c> label: the matched route's template (<c>RoutePattern.RawText</c>), or empty.</summary>
    public static string EndpointLabel(HttpContext context) =>
        context.GetEndpoint() is RouteEndpoint route ? route.RoutePattern.RawText ?? "" : "";

    /// <summary>A request entered the pipeline.</summary>
    public void RequestStarted(string method, string endpoint) =>
        _inProgress.Add(1, new KeyValuePair<string, object?>("method", method), new KeyValuePair<string, object?>("endpoint", endpoint));

    /// <summary>
    /// A request left the pipeline. <paramref name="startEndpoint"/> must be the value given to <see cref="RequestStarted"/>
    /// so the in-progress series returns to zero; <paramref name="endpoint"/> is the route known at the end.
    /// </summary>
    public void RequestEnded(string method, string startEndpoint, string endpoint, int statusCode, TimeSpan elapsed)
    {
        _inProgress.Add(-1, new KeyValuePair<string, object?>("method", method), new KeyValuePair<string, object?>("endpoint", startEndpoint));
        var code = (uint)statusCode < StatusCodeLabels.Length ? StatusCodeLabels[statusCode] : statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var tags = new TagList
        {
            { "code", code },
            { "method", method },
            { "endpoint", endpoint },
        };
        _received.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, tags);
    }
}
