using System.Collections.Frozen;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Dashboard.Observability;

/// <summary>
/// HTTP request instruments on meter <c>Dashboard</c>, named and labelled as prometheus-net.AspNetCore 8 does by default
/// (its HttpRequestLabelNames, with Razor Pages present as here, so with <c>page</c>) so existing Grafana dashboards work:
/// <c>http_requests_received_total{code,method,controller,action,page,endpoint}</c>,
/// <c>http_request_duration_seconds{code,method,controller,action,page,endpoint}</c> (buckets 0.001·2ⁿ s, n = 0..15) and
/// <c>http_requests_in_progress{method,controller,action,page,endpoint}</c> (no <c>code</c>: not known yet).
/// <c>controller</c>, <c>action</c> and <c>page</c> are the route values of those names (empty for Minimal APIs);
/// <c>endpoint</c> is the route template (<c>RoutePattern.RawText</c>), never the raw path (one series per route, not per
/// URL), and empty for unrouted requests. One deliberate difference: methods outside the standard nine are reported as
/// <c>OTHER</c>, so a client cannot create series at will.
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

    /// <summary>The route labels prometheus-net takes from routing: <c>controller</c>, <c>action</c>, <c>page</c> (route values) and <c>endpoint</c>.</summary>
    public static RouteLabels RouteLabelsOf(HttpContext context)
    {
        var values = context.Request.RouteValues;
        return new RouteLabels(
            values["controller"] as string ?? "",
            values["action"] as string ?? "",
            values["page"] as string ?? "",
            EndpointLabel(context));
    }

    /// <summary>A request entered the pipeline.</summary>
    public void RequestStarted(string method, RouteLabels route) => _inProgress.Add(1, InProgressTags(method, route));

    /// <summary>
    /// A request left the pipeline. <paramref name="startRoute"/> must be the value given to <see cref="RequestStarted"/>
    /// so the in-progress series returns to zero; <paramref name="route"/> is the route known at the end.
    /// </summary>
    public void RequestEnded(string method, RouteLabels startRoute, RouteLabels route, int statusCode, TimeSpan elapsed)
    {
        _inProgress.Add(-1, InProgressTags(method, startRoute));
        var code = (uint)statusCode < StatusCodeLabels.Length ? StatusCodeLabels[statusCode] : statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var tags = new TagList
        {
            { "code", code },
            { "method", method },
            { "controller", route.Controller },
            { "action", route.Action },
            { "page", route.Page },
            { "endpoint", route.Endpoint },
        };
        _received.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, tags);
    }

    private static TagList InProgressTags(string method, RouteLabels route) => new()
    {
        { "method", method },
        { "controller", route.Controller },
        { "action", route.Action },
        { "page", route.Page },
        { "endpoint", route.Endpoint },
    };
}

/// <summary>The routing labels of one request (empty strings when routing did not set them).</summary>
internal readonly record struct RouteLabels(string Controller, string Action, string Page, string Endpoint);
