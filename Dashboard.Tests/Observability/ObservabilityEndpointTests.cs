using System.Net;
using Dashboard.Observability;
using Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dashboard.Tests.Observability;

public sealed class ObservabilityEndpointTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Healthz_is_200_Healthy_without_credentials()
    {
        using var client = server.Http();
        var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readyz_is_200_when_the_database_answers_and_it_really_runs_the_database_check()
    {
        using var client = server.Http();
        var report = await server.Services.GetRequiredService<HealthCheckService>()
            .CheckHealthAsync(c => c.Tags.Contains(ObservabilityExtensions.ReadyTag));
        Assert.Equal(HealthStatus.Healthy, report.Entries[DatabaseHealthCheck.Name].Status);
        Assert.Equal(HealthStatus.Healthy, report.Entries[Dashboard.Realtime.Backplane.BackplaneHealthCheck.Name].Status);

        // Quartz may still be starting its scheduler just after the host started (readiness is rightly 503 then).
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        HttpResponseMessage response;
        while ((response = await client.GetAsync("/readyz", bound.Token)).StatusCode != HttpStatusCode.OK)
        {
            response.Dispose();
            await Task.Delay(100, bound.Token);
        }

        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
        response.Dispose();
    }

    [Fact]
    public async Task Metrics_count_requests_by_code_method_and_route_template_in_strict_text_format()
    {
        using var client = server.Http();
        var before = (await ScrapeAsync(client)).Families;
        var healthz = new[] { ("code", "200"), ("method", "GET"), ("endpoint", "/healthz") };
        var unrouted = new[] { ("code", "404"), ("method", "GET"), ("endpoint", "") };
        var odd = new[] { ("code", "200"), ("method", "OTHER"), ("endpoint", "/healthz") };

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        }

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/no/such/page/{Guid.NewGuid():N}")).StatusCode);
        }

        using (var brew = new HttpRequestMessage(new HttpMethod("BREW"), "/healthz"))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(brew)).StatusCode);
        }

        // The middleware records after the response is sent, so the client can be faster than the counter: poll.
        var expected = Value(before, "http_requests_received_total", healthz) + 3;
        var started = DateTime.UtcNow;
        (HttpResponseMessage Response, string Body, List<ParsedFamily> Families) scrape;
        while (true)
        {
            scrape = await ScrapeAsync(client);
            if (Value(scrape.Families, "http_requests_received_total", healthz) >= expected || DateTime.UtcNow - started > Deadline)
            {
                break;
            }

            await Task.Delay(20);
        }

        var after = scrape.Families;
        Assert.Equal("text/plain", scrape.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", scrape.Response.Content.Headers.ContentType?.CharSet);
        Assert.Contains(scrape.Response.Content.Headers.ContentType!.Parameters, p => p.Name == "version" && p.Value == "0.0.4");

        Assert.Equal(expected, Value(after, "http_requests_received_total", healthz));
        Assert.Equal(Value(before, "http_requests_received_total", unrouted) + 2, Value(after, "http_requests_received_total", unrouted));
        Assert.Equal(Value(before, "http_requests_received_total", odd) + 1, Value(after, "http_requests_received_total", odd));
        Assert.DoesNotContain("no/such/page", scrape.Body, StringComparison.Ordinal);

        Assert.Equal("counter", Family(after, "http_requests_received_total").Type);
        Assert.Equal("histogram", Family(after, "http_request_duration_seconds").Type);
        Assert.Equal("gauge", Family(after, "http_requests_in_progress").Type);
        var count = Value(after, "http_request_duration_seconds_count", healthz);
        Assert.True(count >= 3);
        Assert.Equal(count, Value(after, "http_request_duration_seconds_bucket", [.. healthz, ("le", "+Inf")]));
        Assert.True(Value(after, "http_requests_in_progress", ("method", "GET"), ("endpoint", "/metrics")) >= 1);

        Assert.Equal("counter", Family(after, "process_cpu_seconds_total").Type);
        Assert.True(Value(after, "process_working_set_bytes") > 0);
        Assert.True(Value(after, "dotnet_total_memory_bytes") > 0);
    }

    private static async Task<(HttpResponseMessage Response, string Body, List<ParsedFamily> Families)> ScrapeAsync(HttpClient client)
    {
        var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        return (response, body, PrometheusTextParser.Parse(body));
    }

    private static ParsedFamily Family(List<ParsedFamily> families, string name) => Assert.Single(families, f => f.Name == name);

    private static double Value(List<ParsedFamily> families, string sampleName, params (string Name, string Value)[] labels) =>
        families.SelectMany(f => f.Samples)
            .Where(s => s.Name == sampleName && s.Has(labels))
            .Select(s => s.Value)
            .DefaultIfEmpty(0)
            .Sum();
}
