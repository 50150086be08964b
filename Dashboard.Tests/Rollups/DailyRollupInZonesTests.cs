using Dashboard.Calls;
using Dashboard.Rollups;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Rollups;

/// <summary>
/// The daily roll-up per tenant zone (migration 0009), clock at 2025-06-01 12:00 UTC: each tenant's quarter-hours before
/// local midnight 8 days ago move into their LOCAL date, in a row recording the zone, exactly once; readers sum a date's
/// rows whatever their zone.
/// </summary>
public sealed class DailyRollupInZonesTests : FreshDatabaseTests
{
    private static DateTime At(int month, int day, int hour, int minute = 0) => new(2025, month, day, hour, minute, 0, DateTimeKind.Utc);

    private DailyRollup Rollup() => new(Db.DataSource, Db.TimeZones, Db.Clock);

    [Fact]
    public async Task Each_tenant_rolls_up_before_its_own_local_midnight_into_local_dates_exactly_once()
    {
        var (kolkata, newYork, utc) = (Tenants.New(), Tenants.New(), Tenants.New());
        Db.Tenants[kolkata] = new() { TimeZone = "Asia/Kolkata" };
        Db.Tenants[newYork] = new() { TimeZone = "America/New_York" };
        Assert.Equal(At(5, 23, 18, 30), DailyRollup.Cutoff(Db.TimeZones.For(kolkata), Db.Clock.GetUtcNow()));
        Assert.Equal(At(5, 24, 4), DailyRollup.Cutoff(Db.TimeZones.For(newYork), Db.Clock.GetUtcNow()));
        foreach (var t in new[] { kolkata, newYork, utc })
        {
            await Calls(t, At(5, 20, 20), 1); // 01:30 IST on the 21st; 16:00 EDT and UTC on the 20th
            await Calls(t, At(5, 23, 18, 15), 10); // 23:45 IST on the 23rd: Kolkata's last quarter before its cutoff
            await Calls(t, At(5, 23, 18, 30), 100); // 00:00 IST on the 24th: stays with Kolkata
            await Calls(t, At(5, 24, 3, 45), 1000); // 23:45 EDT on the 23rd: New York's last before its cutoff, after UTC's
        }

        var perDayBefore = await PerDayAsync(kolkata, newYork, utc);
        var result = await Rollup().RunAsync(CancellationToken.None);

        Assert.Equal(2 + 4 + 3, result.MovedByTable["call_hourly"]);
        Assert.Equal(["2025-05-21|Asia/Kolkata|1", "2025-05-23|Asia/Kolkata|10"], await DailyAsync(kolkata));
        Assert.Equal(["2025-05-20|America/New_York|1", "2025-05-23|America/New_York|1110"], await DailyAsync(newYork));
        Assert.Equal(["2025-05-20|UTC|1", "2025-05-23|UTC|110"], await DailyAsync(utc));
        Assert.Equal(2, await RollupRows.CountAsync(Db.DataSource, "call_hourly", kolkata));
        Assert.Equal(1, await RollupRows.CountAsync(Db.DataSource, "call_hourly", utc));
        Assert.Equal(perDayBefore, await PerDayAsync(kolkata, newYork, utc));

        // Exactly once: a second run moves nothing and changes nothing.
        Assert.Equal(0, (await Rollup().RunAsync(CancellationToken.None)).Moved);
        Assert.Equal(["2025-05-21|Asia/Kolkata|1", "2025-05-23|Asia/Kolkata|10"], await DailyAsync(kolkata));
        Assert.Equal(perDayBefore, await PerDayAsync(kolkata, newYork, utc));
    }

    [Fact]
    public async Task Days_rolled_up_before_a_zone_change_keep_their_zone_and_per_day_sums_both_rows()
    {
        var t = Tenants.New();
        await Calls(t, At(5, 20, 20), 1);
        await Rollup().RunAsync(CancellationToken.None); // rolled up as a UTC tenant: 2025-05-20

        Db.Tenants[t] = new() { TimeZone = "Asia/Kolkata" };
        await Calls(t, At(5, 20, 20), 10); // a late event in the same quarter: 2025-05-21 in Kolkata
        await Rollup().RunAsync(CancellationToken.None);

        Assert.Equal(["2025-05-20|UTC|1", "2025-05-21|Asia/Kolkata|10"], await DailyAsync(t));
        var perDay = await CallsPerDayEndpoint.ReadTotalsAsync(Db.DataSource, t, Db.TimeZones.For(t), new DateOnly(2025, 5, 19), new DateOnly(2025, 5, 22), CancellationToken.None);
        Assert.Equal((1L, 10L), (perDay[new DateOnly(2025, 5, 20)].TotalCalls, perDay[new DateOnly(2025, 5, 21)].TotalCalls));

        // A date holding rows of two zones is one entry.
        await RollupRows.DayAsync(Db.DataSource, RollupTable.Calls, t, new DateOnly(2025, 5, 21), "", ("calls", 5));
        perDay = await CallsPerDayEndpoint.ReadTotalsAsync(Db.DataSource, t, Db.TimeZones.For(t), new DateOnly(2025, 5, 19), new DateOnly(2025, 5, 22), CancellationToken.None);
        Assert.Equal(15L, perDay[new DateOnly(2025, 5, 21)].TotalCalls);
    }

    private Task Calls(string tenant, DateTime quarter, long calls) =>
        RollupRows.HourAsync(Db.DataSource, RollupTable.Calls, tenant, quarter, "", ("calls", calls));

    private Task<List<string>> DailyAsync(string tenant) =>
        Db.StringsAsync("SELECT concat_ws('|', day, time_zone, calls) FROM call_daily WHERE tenant = $1 ORDER BY day, time_zone", tenant);

    // Calls per local date (each tenant's zone) over both tables, as /calls/per-day reads them.
    private async Task<List<string>> PerDayAsync(params string[] tenants)
    {
        var lines = new List<string>();
        foreach (var t in tenants)
        {
            var totals = await CallsPerDayEndpoint.ReadTotalsAsync(Db.DataSource, t, Db.TimeZones.For(t), new DateOnly(2025, 5, 1), new DateOnly(2025, 6, 1), CancellationToken.None);
            lines.AddRange(totals.OrderBy(kv => kv.Key).Select(kv => $"{t}|{kv.Key:yyyy-MM-dd}|{kv.Value.TotalCalls}"));
        }

        return lines;
    }
}
