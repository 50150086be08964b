using Dashboard.Calls;
using Dashboard.Tests.Infrastructure;
using Dashboard.Realtime;
using System.Text.Json;

namespace Dashboard.Tests.Calls;

/// <summary>
/// Calls per hour and per day in the tenant's zone, from quarter-hour <c>call_hourly</c> rows and raw calls as the fold
/// writes them: local hours start at :30 UTC in Asia/Kolkata and :15 in Asia/Kathmandu, dates are local, and changing a
/// tenant's zone re-buckets everything still at quarter-hour grain.
/// </summary>
public sealed class CallsInZonesTests : FreshDatabaseTests
{
    // 18:07 in Kolkata, 18:22 in Kathmandu.
    private static readonly DateTime Now = new(2026, 3, 8, 12, 37, 0, DateTimeKind.Utc);

    private CallWindowCalculator Calculator => new(new CallWindowReader(Db.DataSource), Db.TimeZones);

    private static DateTime Utc(int day, int hour, int minute) => new(2026, 3, day, hour, minute, 0, DateTimeKind.Utc);

    private async Task<string> FourCallsAsync()
    {
        var tenant = Tenants.New();
        await CallRows.InsertCallAsync(Db.DataSource, tenant, "before", Utc(8, 9, 36)); // a minute before the window
        await CallRows.InsertCallAsync(Db.DataSource, tenant, "partial", Utc(8, 9, 40)); // in the window's partial first quarter
        await CallRows.InsertCallAsync(Db.DataSource, tenant, "late", Utc(8, 10, 29), endedAt: Utc(8, 10, 30), outcome: "completed", durationSeconds: 60);
        await CallRows.InsertCallAsync(Db.DataSource, tenant, "half", Utc(8, 10, 30));
        await CallRows.InsertCallAsync(Db.DataSource, tenant, "now", Utc(8, 12, 36));
        return tenant;
    }

    private async Task<CallWindowStats> ComputeAsync(string tenant, int hours) =>
        (await Calculator.ComputeAsync([tenant], hours, Now, CancellationToken.None))[tenant];

    [Fact]
    public async Task Kolkata_calls_per_hour_are_keyed_at_half_past_utc_and_carry_the_zone()
    {
        var tenant = await FourCallsAsync();
        Db.Tenants[tenant] = new() { TimeZone = "Asia/Kolkata" };

        var stats = await ComputeAsync(tenant, 3); // [09:37, 12:37] UTC

        Assert.Equal(
            [(Utc(8, 9, 30), 2L), (Utc(8, 10, 30), 1L), (Utc(8, 11, 30), 0L), (Utc(8, 12, 30), 1L)],
            stats.CallsPerHour.Select(h => (h.Hour, h.TotalCalls)).ToArray());
        Assert.Equal((4L, 1L), (stats.Metrics.TotalCalls, stats.CallsPerHour[0].EndedCalls));
        var update = stats.ToUpdate();
        Assert.Equal(("Asia/Kolkata", Utc(8, 9, 30)), (update.TimeZone, update.WindowStart));
        var json = JsonSerializer.Serialize(stats.ToPerHour(), JsonDefaults.Options);
        Assert.Contains("\"callsPerHour\":[{\"hour\":\"2026-03-08T09:30:00Z\"", json, StringComparison.Ordinal);
        Assert.Contains("\"timeZone\":\"Asia/Kolkata\",\"windowStart\":\"2026-03-08T09:30:00Z\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kathmandu_hours_start_at_a_quarter_past_and_the_same_calls_regroup()
    {
        var tenant = await FourCallsAsync();
        Db.Tenants[tenant] = new() { TimeZone = "Asia/Kathmandu" };

        var stats = await ComputeAsync(tenant, 3);

        Assert.Equal(
            [(Utc(8, 9, 15), 1L), (Utc(8, 10, 15), 2L), (Utc(8, 11, 15), 0L), (Utc(8, 12, 15), 1L)],
            stats.CallsPerHour.Select(h => (h.Hour, h.TotalCalls)).ToArray());
        Assert.Equal(4L, stats.Metrics.TotalCalls);
    }

    [Fact]
    public async Task A_zone_change_re_buckets_calls_per_hour_and_per_day_exactly()
    {
        var tenant = await FourCallsAsync();
        var utc = await ComputeAsync(tenant, 3);
        Assert.Equal(("UTC", Utc(8, 9, 0)), (utc.TimeZone, utc.ToPerHour().WindowStart));
        Assert.Equal([1L, 2L, 0L, 1L], utc.CallsPerHour.Select(h => h.TotalCalls).ToArray());

        Db.Tenants[tenant] = new() { TimeZone = "Asia/Kolkata" };
        var kolkata = await ComputeAsync(tenant, 3);
        Assert.Equal([2L, 1L, 0L, 1L], kolkata.CallsPerHour.Select(h => h.TotalCalls).ToArray());
        Assert.Equal(utc.Metrics, kolkata.Metrics); // the window is a span of time, the same in every zone

        // Per day: a call at 19:00 UTC on the 8th is the 8th in UTC and the 9th in Kolkata (00:30 IST).
        await CallRows.InsertCallAsync(Db.DataSource, tenant, "evening", Utc(8, 19, 0));
        await CallRows.InsertCallAsync(Db.DataSource, tenant, "eve-1", Utc(8, 18, 29));
        var first = new DateOnly(2026, 3, 7);
        var last = new DateOnly(2026, 3, 9);
        var inKolkata = await CallsPerDayEndpoint.ReadTotalsAsync(Db.DataSource, tenant, Db.TimeZones.For(tenant), first, last, CancellationToken.None);
        Assert.Equal((6L, 1L), (inKolkata[new DateOnly(2026, 3, 8)].TotalCalls, inKolkata[new DateOnly(2026, 3, 9)].TotalCalls));
        Db.Tenants.Remove(tenant);
        var inUtc = await CallsPerDayEndpoint.ReadTotalsAsync(Db.DataSource, tenant, Db.TimeZones.For(tenant), first, last, CancellationToken.None);
        Assert.Equal(7L, inUtc[new DateOnly(2026, 3, 8)].TotalCalls);
        Assert.False(inUtc.ContainsKey(new DateOnly(2026, 3, 9)));
    }

    [Fact]
    public async Task New_York_per_day_counts_a_23_hour_and_a_25_hour_day_on_their_local_dates()
    {
        var tenant = Tenants.New();
        Db.Tenants[tenant] = new() { TimeZone = "America/New_York" };
        var calendar = Db.TimeZones.For(tenant);
        // The first and last quarter of each day (2026-03-08: 05:00Z..03:45Z next; 2026-11-01: 04:00Z..04:45Z next), one
        // call each, and one just outside on either side.
        foreach (var (day, start, end) in new[] { (new DateOnly(2026, 3, 8), 5, 4), (new DateOnly(2026, 11, 1), 4, 5) })
        {
            var dayStart = calendar.StartOf(day);
            Assert.Equal(new DateTime(day.Year, day.Month, day.Day, start, 0, 0, DateTimeKind.Utc), dayStart);
            var next = calendar.StartOf(day.AddDays(1));
            Assert.Equal(new DateTime(day.Year, day.Month, day.Day + 1, end, 0, 0, DateTimeKind.Utc), next);
            await CallRows.InsertCallAsync(Db.DataSource, tenant, $"{day}-before", dayStart.AddMinutes(-1));
            await CallRows.InsertCallAsync(Db.DataSource, tenant, $"{day}-first", dayStart);
            await CallRows.InsertCallAsync(Db.DataSource, tenant, $"{day}-last", next.AddMinutes(-1));
            await CallRows.InsertCallAsync(Db.DataSource, tenant, $"{day}-after", next);
        }

        var spring = await CallsPerDayEndpoint.ReadTotalsAsync(Db.DataSource, tenant, calendar, new DateOnly(2026, 3, 7), new DateOnly(2026, 3, 9), CancellationToken.None);
        Assert.Equal([1L, 2L, 1L], spring.OrderBy(kv => kv.Key).Select(kv => kv.Value.TotalCalls).ToArray());
        var fall = await CallsPerDayEndpoint.ReadTotalsAsync(Db.DataSource, tenant, calendar, new DateOnly(2026, 10, 31), new DateOnly(2026, 11, 2), CancellationToken.None);
        Assert.Equal([1L, 2L, 1L], fall.OrderBy(kv => kv.Key).Select(kv => kv.Value.TotalCalls).ToArray());
    }
}
