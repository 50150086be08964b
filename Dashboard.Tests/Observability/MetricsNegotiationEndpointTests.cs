using System.Net;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Observability;

/// <summary><c>GET /metrics</c> on a real server: the format follows <c>Accept</c>, and every family is written once, contiguously.</summary>
public sealed class MetricsNegotiationEndpointTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    [Fact]
    public async Task A_prometheus_style_accept_header_gets_openmetrics_ending_with_eof()
    {
        using var client = server.Http();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.TryAddWithoutValidation("Accept", ExpositionNegotiationTests.Prometheus2Accept);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/openmetrics-text; version=1.0.0; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Contains("Accept", response.Headers.Vary);
        Assert.EndsWith("\n# EOF\n", body, StringComparison.Ordinal);
        Assert.Equal(1, Count(body, "\n# EOF\n"));
        // Families present from the first scrape on (observable instruments), with units.
        Assert.Contains("\n# TYPE process_cpu_seconds counter\n# UNIT process_cpu_seconds seconds\nprocess_cpu_seconds_total ", body, StringComparison.Ordinal);
        Assert.Contains("\n# TYPE process_working_set_bytes gauge\n# UNIT process_working_set_bytes bytes\nprocess_working_set_bytes ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("# TYPE process_cpu_seconds_total", body, StringComparison.Ordinal);
        AssertFamiliesOnceAndContiguous(body, openMetrics: true);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("text/plain;version=0.0.4;q=0.9,application/openmetrics-text;version=1.0.0;q=0.5")]
    public async Task No_accept_or_text_plain_preferred_gets_text_format_0_0_4(string? accept)
    {
        using var client = server.Http();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.DoesNotContain("# EOF", body, StringComparison.Ordinal);
        Assert.Contains("\n# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("# UNIT", body, StringComparison.Ordinal);
        AssertFamiliesOnceAndContiguous(body, openMetrics: false);
    }

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
