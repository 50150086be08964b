using Dashboard.Calendar;
using Dashboard.Rollups;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Rollups;
using Npgsql;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Dashboard.Tests.Calls;

/// <summary>The real app with <c>Tenants:kolkata-reports:TimeZone = Asia/Kolkata</c>: the REST bodies are in that zone.</summary>
public sealed class ZonedReportsTests(ZonedReportsTests.KolkataServer server) : IClassFixture<ZonedReportsTests.KolkataServer>
{
    private const string Tenant = "kolkata-reports";

    /// <summary>The app with one tenant in Asia/Kolkata (+05:30).</summary>
    public sealed class KolkataServer() : ConfiguredServer(new() { ["Tenants:" + Tenant + ":TimeZone"] = "Asia/Kolkata" });

    private static readonly BusinessCalendar Kolkata = new("Asia/Kolkata", TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata"));

    [Fact]
    public async Task Calls_per_hour_are_local_hours_starting_at_half_past_and_queues_today_starts_at_local_midnight()
    {
        using var http = server.Http(server.Token(Tenant));
        using var perHour = JsonDocument.Parse(await http.GetStringAsync("/api/v1/calls/per-hour?hours=4"));
        var hours = perHour.RootElement.GetProperty("callsPerHour").EnumerateArray().Select(h => h.GetProperty("hour").GetDateTime().ToUniversalTime()).ToList();
        Assert.Equal(5, hours.Count);
        Assert.All(hours, h => Assert.Equal((30, 0), (h.Minute, h.Second)));
        Assert.Equal("Asia/Kolkata", perHour.RootElement.GetProperty("timeZone").GetString());
        Assert.Equal(hours[0], perHour.RootElement.GetProperty("windowStart").GetDateTime().ToUniversalTime());

        using var queues = JsonDocument.Parse(await http.GetStringAsync("/api/v1/queues"));
        Assert.Equal("Asia/Kolkata", queues.RootElement.GetProperty("timeZone").GetString());
        var windowStart = queues.RootElement.GetProperty("windowStart").GetDateTime().ToUniversalTime();
        Assert.Equal(new TimeSpan(18, 30, 0), windowStart.TimeOfDay);

        // Another tenant keeps UTC.
        using var other = server.Http(server.Token(Tenants.New()));
        using var utc = JsonDocument.Parse(await other.GetStringAsync("/api/v1/calls/per-hour?hours=4"));
        Assert.Equal("UTC", utc.RootElement.GetProperty("timeZone").GetString());
    }

    [Fact]
    public async Task Calls_per_day_are_local_dates_split_at_local_midnight()
    {
        using var http = server.Http(server.Token(Tenant));
        var last = DateOnly.ParseExact((await PerDayAsync(http)).RootElement.GetProperty("perDay")[2].GetProperty("day").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var midnight = Kolkata.StartOf(last);
        await using (var db = NpgsqlDataSource.Create(server.ConnectionString))
        {
            await RollupRows.HourAsync(db, RollupTable.Calls, Tenant, midnight.AddMinutes(-15), "", ("calls", 2));
            await RollupRows.HourAsync(db, RollupTable.Calls, Tenant, midnight, "", ("calls", 5));
        }

        using var body = await PerDayAsync(http);
        var perDay = body.RootElement.GetProperty("perDay").EnumerateArray()
            .ToDictionary(d => DateOnly.ParseExact(d.GetProperty("day").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture), d => d.GetProperty("totalCalls").GetInt64());
        Assert.Equal((2L, 5L), (perDay[last.AddDays(-1)], perDay[last]));
        Assert.Equal("Asia/Kolkata", body.RootElement.GetProperty("timeZone").GetString());
        var first = perDay.Keys.Min();
        Assert.Equal(Kolkata.StartOf(first), body.RootElement.GetProperty("windowStart").GetDateTime().ToUniversalTime());
    }

    private static async Task<JsonDocument> PerDayAsync(HttpClient http)
    {
        var response = await http.GetAsync("/api/v1/calls/per-day?days=3");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}
