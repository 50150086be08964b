using System.Net;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Observability;

/// <summary><c>GET /metrics</c> on a real server: the format follows <c>Accept</c>, and every family is written once, contiguously.</summary>
public sealed class MetricsNegotiationEndpointTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    /// <summary>What Prometheus 2.x sends by default (scrape_protocols before 3.0).</summary>
    public const string Prometheus2Accept =
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private const string OpenMetrics = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private const string Text = "text/plain; version=0.0.4; charset=utf-8";

    // prometheus-net's negotiation: media ranges by descending q-value (ties in header order); the first
    // application/openmetrics-text range (any version) gives OpenMetrics 1.0.0, a text/plain one or none gives text 0.0.4.
    [Theory]
    [InlineData(null, Text)]
    [InlineData("text/plain", Text)]
    [InlineData("text/plain;version=0.0.4", Text)]
    [InlineData("*/*", Text)]
    [InlineData("application/json", Text)]
    [InlineData("not a media type;;;", Text)]
    [InlineData(Prometheus2Accept, OpenMetrics)]
    [InlineData("application/openmetrics-text; version=\"1.0.0\"", OpenMetrics)]
    [InlineData("application/openmetrics-text;version=0.0.1,text/plain;version=0.0.4;q=0.5,*/*;q=0.1", OpenMetrics)]
    [InlineData("application/openmetrics-text", OpenMetrics)]
    [InlineData("text/plain;version=0.0.4;q=0.9,application/openmetrics-text;version=1.0.0;q=0.5", Text)]
    [InlineData("text/plain;version=0.0.4;q=0.2,application/openmetrics-text;version=1.0.0;q=0.8", OpenMetrics)]
    [InlineData("application/json,application/openmetrics-text;q=0.5", OpenMetrics)]
    public async Task The_accept_header_picks_the_format_and_the_response_varies_on_it(string? accept, string contentType)
    {
        var (status, type, varies, body) = await ScrapeAsync(accept);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(contentType, type);
        Assert.True(varies, "Vary: Accept missing");
        Assert.Equal(contentType == OpenMetrics, body.EndsWith("\n# EOF\n", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_prometheus_style_accept_header_gets_openmetrics_ending_with_eof()
    {
        var (status, type, varies, body) = await ScrapeAsync(Prometheus2Accept);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/openmetrics-text; version=1.0.0; charset=utf-8", type);
        Assert.True(varies, "Vary: Accept missing");
        Assert.EndsWith("\n# EOF\n", body, StringComparison.Ordinal);
        Assert.Equal(1, Count(body, "\n# EOF\n"));
        // prometheus-net's OpenMetrics: a counter's family name is its name without _total, no # UNIT lines, and
        // integral values of le spelled as floats (le="1.0"; the text format writes le="1").
        Assert.Contains("\n# TYPE process_cpu_seconds counter\nprocess_cpu_seconds_total ", body, StringComparison.Ordinal);
        Assert.Contains("\n# TYPE process_working_set_bytes gauge\nprocess_working_set_bytes ", body, StringComparison.Ordinal);
        Assert.Contains("\ndashboard_ingest_batch_events_bucket{le=\"1.0\"} ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("# TYPE process_cpu_seconds_total", body, StringComparison.Ordinal);
        Assert.DoesNotContain("# UNIT", body, StringComparison.Ordinal);
        AssertFamiliesOnceAndContiguous(body, openMetrics: true);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("text/plain;version=0.0.4;q=0.9,application/openmetrics-text;version=1.0.0;q=0.5")]
    public async Task No_accept_or_text_plain_preferred_gets_text_format_0_0_4(string? accept)
    {
        var (status, type, _, body) = await ScrapeAsync(accept);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", type);
        Assert.DoesNotContain("# EOF", body, StringComparison.Ordinal);
        Assert.Contains("\n# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("# UNIT", body, StringComparison.Ordinal);
        Assert.Contains("\ndashboard_ingest_batch_events_bucket{le=\"1\"} ", body, StringComparison.Ordinal);
        AssertFamiliesOnceAndContiguous(body, openMetrics: false);
    }

    private async Task<Scrape> ScrapeAsync(string? accept)
    {
        using var client = server.Http();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await client.SendAsync(request);
        return new Scrape(
            response.StatusCode,
            response.Content.Headers.ContentType?.ToString(),
            response.Headers.Vary.Contains("Accept"),
            await response.Content.ReadAsStringAsync());
    }

    private sealed record Scrape(HttpStatusCode Status, string? ContentType, bool VariesOnAccept, string Body);

    private static int Count(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>
    /// Each <c># TYPE</c> name appears once, its <c># HELP</c> (if any) comes before its samples, and every sample line
    /// belongs to the family most recently typed (so a family never resumes after another one started).
    /// </summary>
    private static void AssertFamiliesOnceAndContiguous(string body, bool openMetrics)
    {
        var typed = new HashSet<string>(StringComparer.Ordinal);
        var helped = new HashSet<string>(StringComparer.Ordinal);
        string? family = null;
        string? type = null;
        foreach (var line in body.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                Assert.True(helped.Add(line.Split(' ')[2]), "HELP twice: " + line);
            }
            else if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                (family, type) = (parts[2], parts[3]);
                Assert.True(typed.Add(family), "TYPE twice: " + line);
            }
            else if (!line.StartsWith('#'))
            {
                var name = line[..line.IndexOfAny(['{', ' '])];
                Assert.NotNull(family);
                string[] allowed = (type, openMetrics) switch
                {
                    ("counter", true) => [family + "_total"],
                    ("histogram", _) => [family + "_bucket", family + "_sum", family + "_count"],
                    _ => [family],
                };
                Assert.True(allowed.Contains(name), $"sample {name} outside its family (current: {family})");
            }
        }

        Assert.True(typed.Count >= 3, $"only {typed.Count} families");
    }
}
