using Dashboard.Calls;
using Dashboard.Rollups;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Rollups;
using Npgsql;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Dashboard.Tests.Calls;

/// <summary><c>GET /api/v1/calls/per-day</c> on the real app: validation, tenancy, and totals from both roll-up tables.</summary>
public sealed class CallsPerDayEndpointTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    [Fact]
    public async Task Without_a_token_the_answer_is_401()
    {
        using var http = server.Http();
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/v1/calls/per-day")).StatusCode);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("401")]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("")]
    public async Task A_days_value_outside_1_to_400_is_a_problem_naming_the_parameter_and_its_range(string days)
    {
        using var http = server.Http(server.Token(Tenants.New()));
        var response = await http.GetAsync($"/api/v1/calls/per-day?days={Uri.EscapeDataString(days)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("days must be an integer from 1 to 400 (default 30).", problem.RootElement.GetProperty("errors").GetProperty("days")[0].GetString());
        Assert.Equal("Invalid query parameter 'days'", problem.RootElement.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Days_sum_the_daily_and_hourly_roll_ups_of_the_token_s_tenant_with_empty_days_as_zeros()
    {
        var tenant = Tenants.New();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var busyDay = today.AddDays(-20);
        var midnight = today.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        await using (var db = NpgsqlDataSource.Create(server.ConnectionString))
        {
            await RollupRows.DayAsync(db, RollupTable.Calls, tenant, busyDay, "a1", ("calls", 5), ("ended", 4), ("duration_sum", 300), ("duration_count", 3), ("outcome_completed", 2), ("outcome_converted", 1));
            await RollupRows.DayAsync(db, RollupTable.Calls, tenant, busyDay, "a2", ("calls", 1), ("ended", 1), ("outcome_busy", 1));
            // The same day's hour not rolled up (yet: the app's roll-up job may move it while the test runs; same answer).
            await RollupRows.HourAsync(db, RollupTable.Calls, tenant, midnight.AddDays(-20).AddHours(13), "", ("calls", 2), ("ended", 2), ("duration_sum", 100), ("duration_count", 1), ("outcome_completed", 1));
            await RollupRows.HourAsync(db, RollupTable.Calls, tenant, midnight.AddDays(-3).AddHours(23), "a1", ("calls", 1));
            await RollupRows.HourAsync(db, RollupTable.Calls, tenant, midnight, "a1", ("calls", 3), ("ended", 1), ("outcome_converted", 1));
            await RollupRows.DayAsync(db, RollupTable.Calls, Tenants.New(), busyDay, "a1", ("calls", 100));
        }

        using var http = server.Http(server.Token(tenant));
        var perDay = await GetAsync(http, "/api/v1/calls/per-day?days=30", expectedDays: 30);
        // Midnight may pass between the inserts and the request; the window then ends a day later.
        var last = perDay[^1].Day;
        Assert.True(last == today || last == today.AddDays(1), $"window ends {last}, today is {today}");
        Assert.Equal(Enumerable.Range(0, 30).Select(i => last.AddDays(i - 29)), perDay.Select(d => d.Day));

        var byDay = perDay.ToDictionary(d => d.Day);
        Assert.Equal(new CallDayTotals(busyDay, 8, 7, 4, 100), byDay[busyDay]);
        Assert.Equal(new CallDayTotals(today.AddDays(-3), 1, 0, 0, null), byDay[today.AddDays(-3)]);
        Assert.Equal(new CallDayTotals(today, 3, 1, 1, null), byDay[today]);
        Assert.All(perDay.Where(d => d.Day != busyDay && d.Day != today && d.Day != today.AddDays(-3)), d => Assert.Equal(new CallDayTotals(d.Day, 0, 0, 0, null), d));

        Assert.Equal(30, (await GetAsync(http, "/api/v1/calls/per-day", expectedDays: 30)).Count);
        Assert.Equal(400, (await GetAsync(http, "/api/v1/calls/per-day?days=400", expectedDays: 400)).Count);
        var one = Assert.Single(await GetAsync(http, "/api/v1/calls/per-day?days=1", expectedDays: 1));
        Assert.True(one.Day == today ? one.TotalCalls == 3 : one.TotalCalls == 0);
    }

    [Fact]
    public async Task The_roll_up_and_retention_jobs_are_scheduled_and_run_at_start_up()
    {
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT count(*) FROM qrtz_triggers WHERE trigger_name IN ('rollup', 'retention')", connection);
            Assert.Equal(2L, await cmd.ExecuteScalarAsync());
        }

        // Both triggers start now: their first runs succeed against the migrated schema.
        using var http = server.Http();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        string scrape;
        do
        {
            scrape = await http.GetStringAsync("/metrics");
            if (scrape.Contains("dashboard_job_runs_total{job=\"rollup\",result=\"success\"}", StringComparison.Ordinal)
                && scrape.Contains("dashboard_job_runs_total{job=\"retention\",result=\"success\"}", StringComparison.Ordinal))
            {
                break;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Contains("dashboard_job_runs_total{job=\"retention\",result=\"success\"}", scrape, StringComparison.Ordinal);
        Assert.Contains("dashboard_job_runs_total{job=\"rollup\",result=\"success\"}", scrape, StringComparison.Ordinal);
        Assert.DoesNotContain("job=\"rollup\",result=\"failure\"", scrape, StringComparison.Ordinal);
        Assert.DoesNotContain("job=\"retention\",result=\"failure\"", scrape, StringComparison.Ordinal);
    }

    private static async Task<List<CallDayTotals>> GetAsync(HttpClient http, string path, int expectedDays)
    {
        var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(expectedDays, body.RootElement.GetProperty("days").GetInt32());
        return
        [
            .. body.RootElement.GetProperty("perDay").EnumerateArray().Select(d => new CallDayTotals(
                DateOnly.ParseExact(d.GetProperty("day").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                d.GetProperty("totalCalls").GetInt64(),
                d.GetProperty("endedCalls").GetInt64(),
                d.GetProperty("completedCalls").GetInt64(),
                d.GetProperty("averageDurationSeconds").ValueKind == JsonValueKind.Null ? null : d.GetProperty("averageDurationSeconds").GetDouble())),
        ];
    }
}
