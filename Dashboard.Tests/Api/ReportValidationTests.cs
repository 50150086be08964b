using Dashboard.Auth;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Ingestion;
using System.Net;
using System.Text.Json;

namespace Dashboard.Tests.Api;

/// <summary>The REST reports' parameter validation, authorization and errors, and the OpenAPI document.</summary>
public sealed class ReportValidationTests(ReportsServer server) : IClassFixture<ReportsServer>
{
    public static TheoryData<string, string> BadParameters => new()
    {
        { "/api/v1/calls/metrics?hours=0", "hours" },
        { "/api/v1/calls/metrics?hours=169", "hours" },
        { "/api/v1/calls/metrics?hours=abc", "hours" },
        { "/api/v1/calls/metrics?hours=", "hours" },
        { "/api/v1/calls/metrics?hours=-1", "hours" },
        { "/api/v1/calls/metrics?hours=24.5", "hours" },
        { "/api/v1/calls/metrics?hours=99999999999", "hours" },
        { "/api/v1/calls/per-hour?hours=169", "hours" },
        { "/api/v1/agents/performance?hours=abc", "hours" },
        { "/api/v1/calls/recent?limit=0", "limit" },
        { "/api/v1/calls/recent?limit=101", "limit" },
        { "/api/v1/calls/recent?limit=ten", "limit" },
    };

    [Theory]
    [MemberData(nameof(BadParameters))]
    public async Task Out_of_range_or_non_integer_parameters_are_400_problem_json_naming_the_parameter_and_its_range(string url, string parameter)
    {
        using var http = server.Http(server.Token(Tenants.New()));
        var problem = await (await http.GetAsync(url)).AssertProblemAsync(400);

        var range = parameter == "hours" ? "from 1 to 168" : "from 1 to 100";
        var message = problem.GetProperty("errors").GetProperty(parameter)[0].GetString()!;
        Assert.StartsWith(parameter + " must be an integer " + range, message, StringComparison.Ordinal);
        Assert.Contains(parameter, problem.GetProperty("title").GetString()!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/calls/metrics?hours=1", 1)]
    [InlineData("/api/v1/calls/metrics?hours=168", 168)]
    [InlineData("/api/v1/calls/metrics", 24)]
    public async Task Hours_at_either_bound_or_absent_is_accepted(string url, int hours)
    {
        using var http = server.Http(server.Token(Tenants.New()));
        var response = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(hours, body.GetProperty("hours").GetInt32());
        Assert.Equal(0, body.GetProperty("totalCalls").GetInt64());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("successRate").ValueKind);
    }

    [Fact]
    public async Task An_unknown_campaign_is_404_problem_json()
    {
        using var http = server.Http(server.Token(Tenants.New()));
        var problem = await (await http.GetAsync("/api/v1/campaigns/nope/metrics")).AssertProblemAsync(404);
        Assert.Contains("nope", problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/calls/metrics")]
    [InlineData("/api/v1/calls/active")]
    [InlineData("/api/v1/calls/recent")]
    [InlineData("/api/v1/calls/per-hour")]
    [InlineData("/api/v1/agents/performance")]
    [InlineData("/api/v1/campaigns")]
    [InlineData("/api/v1/campaigns/c-1/metrics")]
    public async Task Without_a_token_a_report_is_401_and_without_the_read_scope_403(string url)
    {
        using var anonymous = server.Http();
        var unauthorized = await (await anonymous.GetAsync(url)).AssertProblemAsync(401);
        Assert.Equal(401, unauthorized.GetProperty("status").GetInt32());
        using var writer = server.Http(server.Token(Tenants.New(), Scopes.Write));
        await (await writer.GetAsync(url)).AssertProblemAsync(403);
    }

    [Fact]
    public async Task An_unknown_api_path_is_a_404_problem()
    {
        using var http = server.Http(server.Token(Tenants.New()));
        await (await http.GetAsync("/api/v1/no-such-report")).AssertProblemAsync(404);
    }

    [Fact]
    public async Task The_openapi_document_is_served_anonymously_and_describes_every_report()
    {
        using var http = server.Http();
        var response = await http.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await response.JsonAsync();

        Assert.StartsWith("3.", doc.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = doc.GetProperty("paths");
        foreach (var (path, operationId) in new[]
        {
            ("/api/v1/calls/metrics", "GetCallMetrics"), ("/api/v1/calls/active", "GetActiveCalls"), ("/api/v1/calls/recent", "GetRecentCalls"),
            ("/api/v1/calls/per-hour", "GetCallsPerHour"), ("/api/v1/agents/performance", "GetAgentPerformance"),
            ("/api/v1/campaigns", "GetCampaigns"), ("/api/v1/campaigns/{id}/metrics", "GetCampaignMetrics"),
        })
        {
            var get = paths.GetProperty(path).GetProperty("get");
            Assert.Equal(operationId, get.GetProperty("operationId").GetString());
            Assert.False(string.IsNullOrEmpty(get.GetProperty("summary").GetString()));
            Assert.True(get.GetProperty("responses").TryGetProperty("200", out _), path);
            Assert.True(get.GetProperty("responses").TryGetProperty("401", out _), path);
            Assert.Equal(JsonValueKind.Array, get.GetProperty("security").ValueKind);
        }

        var hours = paths.GetProperty("/api/v1/calls/metrics").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Single(p => p.GetProperty("name").GetString() == "hours").GetProperty("schema");
        Assert.Equal("integer", hours.GetProperty("type").GetString());
        Assert.Equal((1, 168, 24), (hours.GetProperty("minimum").GetInt32(), hours.GetProperty("maximum").GetInt32(), hours.GetProperty("default").GetInt32()));
        Assert.True(paths.GetProperty("/api/v1/calls/metrics").GetProperty("get").GetProperty("responses").TryGetProperty("400", out _));
        Assert.True(paths.GetProperty("/api/v1/campaigns/{id}/metrics").GetProperty("get").GetProperty("responses").TryGetProperty("404", out _));
        var scheme = doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal(("http", "bearer"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("scheme").GetString()));
    }
}
