using System.Net;
using Dashboard.Tests.Infrastructure;
using static Dashboard.Tests.Observability.MetricsScrape;

namespace Dashboard.Tests.Observability;

/// <summary>
/// The HTTP families carry exactly prometheus-net.AspNetCore 8's default names, types, label sets and duration buckets
/// (its HttpRequestLabelNames: <c>code</c>, <c>method</c>, <c>controller</c>, <c>action</c>, plus <c>page</c> because
/// Razor Pages is present, plus <c>endpoint</c>; in-progress without <c>code</c>), so Grafana dashboards built for it work.
/// </summary>
public sealed class HttpMetricsCompatibilityTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    private static readonly string[] RequestLabels = ["action", "code", "controller", "endpoint", "method", "page"];
    private static readonly string[] InProgressLabels = ["action", "controller", "endpoint", "method", "page"];

    [Fact]
    public async Task Http_families_have_prometheus_net_names_label_sets_and_buckets_with_the_route_template_and_razor_page()
    {
        using var client = server.Http();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        (await client.GetAsync("/signin")).Dispose();

        var families = await UntilAsync(client, f => Value(f, "http_requests_received_total", ("endpoint", "/healthz")) > 0
            && Value(f, "http_requests_received_total", ("page", "/SignIn")) > 0);

        var received = Family(families, "http_requests_received_total");
        Assert.Equal("counter", received.Type);
        Assert.Equal("Provides the count of HTTP requests that have been processed by the ASP.NET Core pipeline.", received.Help);
        Assert.All(received.Samples, s => Assert.Equal(RequestLabels, s.Labels.Keys.Order(StringComparer.Ordinal)));
        Assert.Contains(received.Samples, s => s.Has(("code", "200"), ("method", "GET"), ("controller", ""), ("action", ""), ("page", ""), ("endpoint", "/healthz")));

        // A Razor Page: page is its route value, endpoint its route template (not the raw path).
        var page = Assert.Single(received.Samples, s => s.Has(("page", "/SignIn")));
        Assert.Equal("200", page.Labels["code"]);

        var duration = Family(families, "http_request_duration_seconds");
        Assert.Equal("histogram", duration.Type);
        var healthzBuckets = duration.Samples
            .Where(s => s.Name == "http_request_duration_seconds_bucket" && s.Has(("endpoint", "/healthz"), ("code", "200")))
            .Select(s => s.Labels["le"])
            .ToArray();
        Assert.Equal(
            ["0.001", "0.002", "0.004", "0.008", "0.016", "0.032", "0.064", "0.128", "0.256", "0.512", "1.024", "2.048", "4.096", "8.192", "16.384", "32.768", "+Inf"],
            healthzBuckets);
        Assert.All(
            duration.Samples.Where(s => s.Name != "http_request_duration_seconds_bucket"),
            s => Assert.Equal(RequestLabels, s.Labels.Keys.Order(StringComparer.Ordinal)));

        var inProgress = Family(families, "http_requests_in_progress");
        Assert.Equal("gauge", inProgress.Type);
        Assert.All(inProgress.Samples, s => Assert.Equal(InProgressLabels, s.Labels.Keys.Order(StringComparer.Ordinal)));
        // The scrape itself is in progress while it is collected.
        Assert.Equal(1, Value(families, "http_requests_in_progress", ("method", "GET"), ("endpoint", "/metrics")));
    }
}
