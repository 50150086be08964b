using Dashboard.Calendar;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Ingestion;
using Npgsql;
using System.Text.Json;

namespace Dashboard.Tests.Kpis;

/// <summary>
/// <c>GET /api/v1/kpis</c> and <c>GET /api/v1/kpis/{name}</c> on the real app (Kestrel, PostgreSQL) over rows written as
/// the fold writes them: the list, per-minute and per-local-hour history (+05:30), labels in any order, validation
/// (400 problem+json naming the parameter), 404 naming the series, tenant isolation and the OpenAPI entries.
/// </summary>
public sealed class KpiEndpointsTests(KpiServer server) : IClassFixture<KpiServer>, IAsyncDisposable
{
    private static readonly BusinessCalendar Kolkata = new("Asia/Kolkata", TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata"));

    private readonly NpgsqlDataSource _data = NpgsqlDataSource.Create(server.ConnectionString);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _data.DisposeAsync();

    private static DateTime MinuteOf(DateTime t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Utc);

    [Fact]
    public async Task The_list_is_the_kpis_update_payload_of_the_tokens_tenant_only()
    {
        var (tenant, other) = (Tenants.New(), Tenants.New());
        var now = DateTime.UtcNow;
        await new KpiTestRows(_data, tenant).SeriesAsync("leads", "gauge", 12, now, now, 1, ("region", "eu"));
        await new KpiTestRows(_data, other).SeriesAsync("secret", "counter", 5, now, now);

        using var http = server.Http(server.Token(tenant));
        var kpis = await (await http.GetAsync("/api/v1/kpis")).JsonAsync();
        Assert.Equal(("UTC", 1, false), (kpis.GetProperty("timeZone").GetString(), kpis.GetProperty("seriesCount").GetInt32(), kpis.GetProperty("truncated").GetBoolean()));
        var series = Assert.Single(kpis.GetProperty("series").EnumerateArray());
        Assert.Equal(("leads{region=\"eu\"}", "eu", "leads", 12.0), (series.GetProperty("key").GetString(), series.GetProperty("labels").GetProperty("region").GetString(), series.GetProperty("unit").GetString(), series.GetProperty("value").GetDouble()));
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null, JsonValueKind.Array), (series.GetProperty("total").ValueKind, series.GetProperty("ratePerMinute").ValueKind, series.GetProperty("history").ValueKind));
        Assert.EndsWith("Z", series.GetProperty("updatedAt").GetString(), StringComparison.Ordinal);

        // The other tenant's series is neither listed nor readable.
        Assert.Equal(0, (await (await server.Http(server.Token(Tenants.New())).GetAsync("/api/v1/kpis")).JsonAsync()).GetProperty("seriesCount").GetInt32());
        await (await http.GetAsync("/api/v1/kpis/secret")).AssertProblemAsync(404);
    }

    [Fact]
    public async Task History_up_to_24_hours_is_per_minute_and_labels_may_come_in_any_order()
    {
        var tenant = Tenants.New();
        var rows = new KpiTestRows(_data, tenant);
        var now = DateTime.UtcNow;
        var key = await rows.SeriesAsync("ai_agent_conversations", "counter", 30, now, now, 3, ("bot", "a"), ("channel", "web"));
        await rows.MinuteAsync(key, MinuteOf(now).AddMinutes(-2), 0, 10, 2);
        await rows.MinuteAsync(key, MinuteOf(now).AddHours(-3), 0, 20, 1);
        await rows.MinuteAsync(key, MinuteOf(now).AddHours(-25), 0, 99, 1);

        using var http = server.Http(server.Token(tenant));
        var history = await (await http.GetAsync("/api/v1/kpis/ai_agent_conversations?labels=channel=web,bot=a")).JsonAsync();
        Assert.Equal((key, "counter", "minute", "UTC"), (history.GetProperty("key").GetString(), history.GetProperty("kind").GetString(), history.GetProperty("resolution").GetString(), history.GetProperty("timeZone").GetString()));
        Assert.Equal(TimeSpan.FromHours(24), history.GetProperty("to").GetDateTime() - history.GetProperty("from").GetDateTime());
        Assert.Equal(
            [(MinuteOf(now).AddHours(-3), 20.0, 1L), (MinuteOf(now).AddMinutes(-2), 10.0, 2L)],
            history.GetProperty("points").EnumerateArray().Select(p => (p.GetProperty("time").GetDateTime().ToUniversalTime(), p.GetProperty("value").GetDouble(), p.GetProperty("reports").GetInt64())).ToArray());

        // The parameter repeated names the same series; hours=1 keeps only the last hour.
        var lastHour = await (await http.GetAsync("/api/v1/kpis/ai_agent_conversations?labels=bot=a&labels=channel=web&hours=1")).JsonAsync();
        Assert.Equal(10.0, Assert.Single(lastHour.GetProperty("points").EnumerateArray()).GetProperty("value").GetDouble());

        // A subset of the labels is another (unknown) series: 404 naming it.
        var problem = await (await http.GetAsync("/api/v1/kpis/ai_agent_conversations?labels=bot=a")).AssertProblemAsync(404);
        Assert.Contains("ai_agent_conversations{bot=\"a\"}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_beyond_24_hours_is_per_local_hour_of_the_tenants_zone_grouped_from_quarter_hours()
    {
        const string tenant = KpiServer.KolkataTenant;
        var rows = new KpiTestRows(_data, tenant);
        var now = DateTime.UtcNow;
        var gauge = await rows.SeriesAsync("leads", "gauge", 4, now, now, 5, ("region", "in"));
        var counter = await rows.SeriesAsync("bookings", "counter", 15, now, now, 5);
        // A local hour starts at :30 UTC in +05:30: its four quarters, and the last quarter of the hour before it.
        var hour = Kolkata.HourStart(now).AddHours(-3);
        Assert.Equal(30, hour.Minute);
        for (var q = 0; q < 4; q++)
        {
            await rows.QuarterAsync(gauge, hour.AddMinutes(15 * q), q + 1, 0, 1);
            await rows.QuarterAsync(counter, hour.AddMinutes(15 * q), 0, q + 1, 1);
        }

        await rows.QuarterAsync(gauge, hour.AddMinutes(-15), 9, 0, 1);
        await rows.QuarterAsync(counter, hour.AddMinutes(-15), 0, 5, 1);

        using var http = server.Http(server.Token(tenant));
        var leads = await (await http.GetAsync("/api/v1/kpis/leads?labels=region=in&hours=48")).JsonAsync();
        Assert.Equal(("hour", "Asia/Kolkata", "leads"), (leads.GetProperty("resolution").GetString(), leads.GetProperty("timeZone").GetString(), leads.GetProperty("unit").GetString()));
        Assert.Equal(Kolkata.HourStart(now).AddHours(1), leads.GetProperty("to").GetDateTime().ToUniversalTime());
        Assert.Equal(
            [(hour.AddHours(-1), 9.0, 1L), (hour, 4.0, 4L)],
            Points(leads));
        var bookings = await (await http.GetAsync("/api/v1/kpis/bookings?hours=720")).JsonAsync();
        Assert.Equal([(hour.AddHours(-1), 5.0, 1L), (hour, 10.0, 4L)], Points(bookings));
    }

    [Fact]
    public async Task A_label_value_with_a_comma_is_one_value_when_no_label_name_and_equals_sign_follow_the_comma()
    {
        var tenant = Tenants.New();
        var now = DateTime.UtcNow;
        await new KpiTestRows(_data, tenant).SeriesAsync("mentions", "counter", 1, now, now, 1, ("topic", "a,b"), ("network", "x"));

        using var http = server.Http(server.Token(tenant));
        var found = await (await http.GetAsync("/api/v1/kpis/mentions?labels=topic=a,b,network=x")).JsonAsync();
        Assert.Equal("a,b", found.GetProperty("labels").GetProperty("topic").GetString());
    }

    [Theory]
    [InlineData("leads?hours=0", "hours", "hours must be an integer from 1 to 720 (default 24).")]
    [InlineData("leads?hours=721", "hours", "hours must be an integer from 1 to 720 (default 24).")]
    [InlineData("leads?hours=day", "hours", "hours must be an integer from 1 to 720 (default 24).")]
    [InlineData("leads?labels=region", "labels", null)]
    [InlineData("leads?labels=1region=eu", "labels", null)]
    [InlineData("leads?labels=region=eu&labels=region=us", "labels", null)]
    [InlineData("leads?labels=a=1,b=2,c=3,d=4,e=5,f=6,g=7,h=8,i=9", "labels", null)]
    [InlineData("1leads", "name", null)]
    [InlineData("le-ads", "name", null)]
    public async Task A_bad_parameter_is_400_problem_json_naming_it(string query, string parameter, string? rule)
    {
        using var http = server.Http(server.Token(Tenants.New()));
        var problem = await (await http.GetAsync("/api/v1/kpis/" + query)).AssertProblemAsync(400);
        var message = problem.GetProperty("errors").GetProperty(parameter)[0].GetString();
        Assert.Equal(rule ?? message, message);
        Assert.StartsWith(parameter + " must", message, StringComparison.Ordinal);
        Assert.EndsWith($"parameter '{parameter}'", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Both_endpoints_need_a_token_and_are_in_the_openapi_document()
    {
        using var anonymous = server.Http();
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/kpis")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/kpis/leads")).StatusCode);

        var paths = (await (await anonymous.GetAsync("/openapi/v1.json")).JsonAsync()).GetProperty("paths");
        Assert.Equal("GetKpis", paths.GetProperty("/api/v1/kpis").GetProperty("get").GetProperty("operationId").GetString());
        var history = paths.GetProperty("/api/v1/kpis/{name}").GetProperty("get");
        Assert.Equal("GetKpiHistory", history.GetProperty("operationId").GetString());
        var parameters = history.GetProperty("parameters").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        var hours = parameters["hours"].GetProperty("schema");
        Assert.Equal((1, 720, 24), (hours.GetProperty("minimum").GetInt32(), hours.GetProperty("maximum").GetInt32(), hours.GetProperty("default").GetInt32()));
        Assert.Contains("name=value", parameters["labels"].GetProperty("description").GetString(), StringComparison.Ordinal);
        foreach (var status in new[] { "200", "400", "401", "404" })
        {
            Assert.True(history.GetProperty("responses").TryGetProperty(status, out _), status);
        }
    }

    private static (DateTime, double, long)[] Points(JsonElement history) =>
        [.. history.GetProperty("points").EnumerateArray().Select(p => (p.GetProperty("time").GetDateTime().ToUniversalTime(), p.GetProperty("value").GetDouble(), p.GetProperty("reports").GetInt64()))];
}
