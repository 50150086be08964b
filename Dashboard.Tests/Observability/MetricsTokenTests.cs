using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Dashboard.Auth;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Observability;

/// <summary>A server whose <c>/metrics</c> requires the static scrape secret.</summary>
public sealed class MetricsTokenServer() : ConfiguredServer(new()
{
    ["Metrics:RequireToken"] = "true",
    ["Metrics:BearerToken"] = Secret,
})
{
    public const string Secret = "scrape-5f1c0e9a7b3d42e8a6c1d0f4b9e2a7c3";
}

/// <summary><c>Metrics:RequireToken</c>: a Prometheus <c>authorization</c> (or <c>bearer_token_file</c>) scrape.</summary>
public sealed class MetricsTokenTests(MetricsTokenServer server) : IClassFixture<MetricsTokenServer>
{
    [Fact]
    public async Task Without_a_token_the_answer_is_a_401_problem_with_a_bearer_challenge()
    {
        using var client = server.Http();
        using var response = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        await AssertProblemAsync(response, 401);
    }

    [Theory]
    [InlineData("Bearer", "wrong-secret-0123456789abcdef")]
    [InlineData("Bearer", MetricsTokenServer.Secret + "x")]
    [InlineData("Bearer", "scrape")]
    [InlineData("Basic", MetricsTokenServer.Secret)]
    public async Task A_wrong_token_or_scheme_is_401(string scheme, string token)
    {
        using var client = server.Http();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(scheme, token);
        using var response = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        await AssertProblemAsync(response, 401);
    }

    [Fact]
    public async Task The_configured_token_gets_the_exposition_in_either_format()
    {
        using var client = server.Http(MetricsTokenServer.Secret);
        using var text = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, text.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", text.Content.Headers.ContentType?.ToString());
        Assert.Contains("# TYPE process_cpu_seconds_total counter", await text.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.TryAddWithoutValidation("Accept", MetricsNegotiationEndpointTests.Prometheus2Accept);
        using var openMetrics = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, openMetrics.StatusCode);
        Assert.EndsWith("# EOF\n", await openMetrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dashboard_admin_jwt_is_not_a_scrape_token_since_metrics_span_every_tenant()
    {
        using var client = server.Http(server.Token(Tenants.New(), $"{Scopes.Read} {Scopes.Admin}"));
        using var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Health_probes_stay_anonymous()
    {
        using var client = server.Http();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, int status)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.DoesNotContain(MetricsTokenServer.Secret, problem.RootElement.GetRawText(), StringComparison.Ordinal);
    }
}
