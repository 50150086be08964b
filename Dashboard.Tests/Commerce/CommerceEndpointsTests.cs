using Dashboard.Auth;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Ingestion;
using System.Text.Json;

namespace Dashboard.Tests.Commerce;

/// <summary>
/// <c>GET /api/v1/commerce</c>, <c>/revenue</c>, <c>/transactions</c> and <c>/content</c> on the real app: the shapes a
/// tenant without commerce gets, validation (400 problem+json naming the parameter), authorization and OpenAPI entries.
/// The figures themselves are checked end to end in <see cref="CommerceEndToEndTests"/>.
/// </summary>
public sealed class CommerceEndpointsTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    [Fact]
    public async Task A_tenant_without_commerce_gets_zeros_empty_lists_null_ratios_and_60_null_minutes()
    {
        using var http = server.Http(server.Token(Tenants.New()));
        var now = DateTime.UtcNow;

        var commerce = await (await http.GetAsync("/api/v1/commerce")).JsonAsync();
        Assert.Equal(("UTC", now.Date), (commerce.GetProperty("timeZone").GetString(), commerce.GetProperty("windowStart").GetDateTime().ToUniversalTime()));
        Assert.Equal(0, commerce.GetProperty("revenue").GetArrayLength());
        Assert.Equal(
            ["current", "today", "peak24h"],
            commerce.GetProperty("activeUsers").EnumerateObject().Where(p => p.Value.GetInt64() == 0).Select(p => p.Name).ToArray());
        foreach (var counts in new[] { "transactions", "transactionsToday" })
        {
            Assert.Equal(
                ["total", "pending", "completed", "failed", "refunded"],
                commerce.GetProperty(counts).EnumerateObject().Where(p => p.Value.GetInt64() == 0).Select(p => p.Name).ToArray());
        }

        var content = commerce.GetProperty("content");
        Assert.Equal((0L, 0L, 0L, 0L), (content.GetProperty("totalViews").GetInt64(), content.GetProperty("totalPurchases").GetInt64(), content.GetProperty("viewsToday").GetInt64(), content.GetProperty("purchasesToday").GetInt64()));
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null), (content.GetProperty("conversionRate").ValueKind, content.GetProperty("conversionRateToday").ValueKind));
        Assert.Equal(0, commerce.GetProperty("revenuePerMinute").GetArrayLength());
        var minutes = commerce.GetProperty("activeUsersPerMinute").EnumerateArray().ToList();
        Assert.Equal(60, minutes.Count);
        Assert.All(minutes[..59], m => Assert.Equal(JsonValueKind.Null, m.GetProperty("peak").ValueKind));
        Assert.Equal(0, minutes[59].GetProperty("peak").GetInt64());
        Assert.Equal(TimeSpan.FromMinutes(59), minutes[59].GetProperty("minute").GetDateTime() - minutes[0].GetProperty("minute").GetDateTime());
        Assert.True(commerce.TryGetProperty("computedAt", out _));

        var revenue = await (await http.GetAsync("/api/v1/commerce/revenue")).JsonAsync();
        Assert.Equal(("UTC", 30, 0), (revenue.GetProperty("timeZone").GetString(), revenue.GetProperty("days").GetInt32(), revenue.GetProperty("perDay").GetArrayLength()));
        Assert.Equal(now.Date.AddDays(-29), revenue.GetProperty("windowStart").GetDateTime().ToUniversalTime());

        var transactions = await (await http.GetAsync("/api/v1/commerce/transactions")).JsonAsync();
        Assert.Equal((JsonValueKind.Null, 0L, 0), (transactions.GetProperty("status").ValueKind, transactions.GetProperty("total").GetInt64(), transactions.GetProperty("transactions").GetArrayLength()));
        var completed = await (await http.GetAsync("/api/v1/commerce/transactions?status=completed&limit=100")).JsonAsync();
        Assert.Equal("completed", completed.GetProperty("status").GetString());

        var items = await (await http.GetAsync("/api/v1/commerce/content?limit=1")).JsonAsync();
        Assert.Equal((0L, 0), (items.GetProperty("total").GetInt64(), items.GetProperty("content").GetArrayLength()));
    }

    [Theory]
    [InlineData("revenue?days=0", "days", "days must be an integer from 1 to 400 (default 30).")]
    [InlineData("revenue?days=401", "days", "days must be an integer from 1 to 400 (default 30).")]
    [InlineData("revenue?days=week", "days", "days must be an integer from 1 to 400 (default 30).")]
    [InlineData("revenue?days=", "days", "days must be an integer from 1 to 400 (default 30).")]
    [InlineData("transactions?status=open", "status", "status must be one of pending, completed, failed, refunded, or absent for every status.")]
    [InlineData("transactions?status=COMPLETED", "status", "status must be one of pending, completed, failed, refunded, or absent for every status.")]
    [InlineData("transactions?status=", "status", "status must be one of pending, completed, failed, refunded, or absent for every status.")]
    [InlineData("transactions?limit=0", "limit", "limit must be an integer from 1 to 100 (default 20).")]
    [InlineData("transactions?status=pending&limit=101", "limit", "limit must be an integer from 1 to 100 (default 20).")]
    [InlineData("content?limit=-1", "limit", "limit must be an integer from 1 to 100 (default 20).")]
    [InlineData("content?limit=1.5", "limit", "limit must be an integer from 1 to 100 (default 20).")]
    public async Task A_bad_parameter_is_400_problem_json_naming_it_and_its_allowed_values(string query, string parameter, string rule)
    {
        using var http = server.Http(server.Token(Tenants.New()));
        var problem = await (await http.GetAsync("/api/v1/commerce/" + query)).AssertProblemAsync(400);

        Assert.Equal(rule, problem.GetProperty("errors").GetProperty(parameter)[0].GetString());
        Assert.Equal($"Invalid query parameter '{parameter}'", problem.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("/api/v1/commerce")]
    [InlineData("/api/v1/commerce/revenue")]
    [InlineData("/api/v1/commerce/transactions")]
    [InlineData("/api/v1/commerce/content")]
    public async Task Without_a_token_it_is_401_and_without_the_read_scope_403(string url)
    {
        using var anonymous = server.Http();
        await (await anonymous.GetAsync(url)).AssertProblemAsync(401);
        using var writer = server.Http(server.Token(Tenants.New(), Scopes.Write));
        await (await writer.GetAsync(url)).AssertProblemAsync(403);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_commerce_endpoints_and_their_parameters()
    {
        using var http = server.Http();
        var paths = (await (await http.GetAsync("/openapi/v1.json")).JsonAsync()).GetProperty("paths");
        foreach (var (path, operationId) in new[]
        {
            ("/api/v1/commerce", "GetCommerce"), ("/api/v1/commerce/revenue", "GetCommerceRevenue"),
            ("/api/v1/commerce/transactions", "GetCommerceTransactions"), ("/api/v1/commerce/content", "GetCommerceContent"),
        })
        {
            var get = paths.GetProperty(path).GetProperty("get");
            Assert.Equal(operationId, get.GetProperty("operationId").GetString());
            Assert.False(string.IsNullOrEmpty(get.GetProperty("summary").GetString()));
            Assert.True(get.GetProperty("responses").TryGetProperty("200", out _), path);
            Assert.True(get.GetProperty("responses").TryGetProperty("401", out _), path);
            Assert.True(get.GetProperty("responses").TryGetProperty("403", out _), path);
            Assert.Equal(JsonValueKind.Array, get.GetProperty("security").ValueKind);
            Assert.Equal(path != "/api/v1/commerce", get.GetProperty("responses").TryGetProperty("400", out _));
        }

        Dictionary<string, JsonElement> Parameters(string path) =>
            paths.GetProperty(path).GetProperty("get").GetProperty("parameters").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("schema"));
        (int, int, int) Range(JsonElement schema) => (schema.GetProperty("minimum").GetInt32(), schema.GetProperty("maximum").GetInt32(), schema.GetProperty("default").GetInt32());
        Assert.Equal((1, 400, 30), Range(Parameters("/api/v1/commerce/revenue")["days"]));
        var transactions = Parameters("/api/v1/commerce/transactions");
        Assert.Equal(["pending", "completed", "failed", "refunded"], transactions["status"].GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal((1, 100, 20), Range(transactions["limit"]));
        Assert.Equal((1, 100, 20), Range(Parameters("/api/v1/commerce/content")["limit"]));
    }
}
