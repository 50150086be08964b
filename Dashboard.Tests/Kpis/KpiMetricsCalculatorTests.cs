using Dashboard.Kpis;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Kpis;

/// <summary>
/// <see cref="KpiMetricsCalculator"/> on real PostgreSQL over rows written as the fold writes them: gauge and counter
/// values, the counter's 5-complete-minute rate window, the 60-minute history, units, staleness measured on an injected
/// clock (<see cref="ManualTimeProvider"/>, 2025-06-01 12:00:00 UTC), the payload cap and tenant isolation.
/// </summary>
public sealed class KpiMetricsCalculatorTests : FreshDatabaseTests
{
    private async Task<KpisUpdate> ComputeAsync(string tenant) =>
        Assert.Single(await Db.KpiCalculator.ComputeAsync([tenant], Db.Now, CancellationToken.None)).Update;

    [Fact]
    public async Task A_counter_is_the_sum_of_its_deltas_and_its_rate_is_the_five_complete_minutes_before_the_current_one_over_5()
    {
        var rows = new KpiTestRows(Db.DataSource, "c");
        var now = Db.Now.AddSeconds(30); // 12:00:30, inside the minute 12:00
        Db.Clock.Advance(TimeSpan.FromSeconds(30));
        var key = await rows.SeriesAsync("social_mentions", "counter", 1135, now.AddSeconds(-5), now.AddSeconds(-5), 6, ("network", "x"));
        // In the window (11:55..11:59): 10 + 5 + 20. Outside: the current minute 12:00, 11:54, and 10:59 (beyond the hour).
        await rows.MinuteAsync(key, Db.Now.Date.AddHours(12), 0, 100);
        await rows.MinuteAsync(key, Db.Now.Date.AddHours(11).AddMinutes(59), 0, 10);
        await rows.MinuteAsync(key, Db.Now.Date.AddHours(11).AddMinutes(57), 0, 5);
        await rows.MinuteAsync(key, Db.Now.Date.AddHours(11).AddMinutes(55), 0, 20);
        await rows.MinuteAsync(key, Db.Now.Date.AddHours(11).AddMinutes(54), 0, 1000);
        await rows.MinuteAsync(key, Db.Now.Date.AddHours(11).AddMinutes(1), 0, 0.5);
        await rows.MinuteAsync(key, Db.Now.Date.AddHours(10).AddMinutes(59), 0, 7);

        var update = await ComputeAsync("c");
        var series = Assert.Single(update.Series);
        Assert.Equal(("social_mentions", "counter", "social_mentions{network=\"x\"}"), (series.Name, series.Kind, series.Key));
        Assert.Equal("x", series.Labels["network"]);
        Assert.Equal((1135.0, (double?)1135.0, (double?)7.0), (series.Value, series.Total, series.RatePerMinute));
        Assert.Equal(
            [(11, 1, 0.5), (11, 54, 1000), (11, 55, 20), (11, 57, 5), (11, 59, 10), (12, 0, 100)],
            series.History.Select(p => (p.Time.Hour, p.Time.Minute, p.Value)).ToArray());
        Assert.All(series.History, p => Assert.Equal(DateTimeKind.Utc, p.Time.Kind));

        // A minute later 12:00 is complete and 11:55 has left the window: (100 + 10 + 5) / 5.
        Db.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(23.0, Assert.Single((await ComputeAsync("c")).Series).RatePerMinute);

        // Ten minutes on, nothing is left in the window: 0, never null.
        Db.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(0.0, Assert.Single((await ComputeAsync("c")).Series).RatePerMinute);
    }

    [Fact]
    public async Task A_gauge_is_its_newest_value_with_no_total_or_rate_and_its_history_is_each_minutes_newest_value()
    {
        var rows = new KpiTestRows(Db.DataSource, "g");
        Db.Kpis.Units["leads"] = "leads";
        var key = await rows.SeriesAsync("leads", "gauge", 12, Db.Now.AddMinutes(-1), Db.Now.AddSeconds(-2), 3, ("region", "eu"));
        await rows.MinuteAsync(key, Db.Now.AddMinutes(-3), 10, 30, 2);
        await rows.MinuteAsync(key, Db.Now.AddMinutes(-1), 12, 12);
        await rows.SeriesAsync("queue_depth", "gauge", 4.5, Db.Now, Db.Now, 1, ("unit", "items"));
        await rows.SeriesAsync("nps", "gauge", -3, Db.Now, Db.Now);

        var update = await ComputeAsync("g");
        Assert.Equal(("UTC", Db.Now.Date, 3, false), (update.TimeZone, update.WindowStart, update.SeriesCount, update.Truncated));
        Assert.Equal(["leads{region=\"eu\"}", "nps", "queue_depth{unit=\"items\"}"], update.Series.Select(s => s.Key).ToArray());
        var leads = update.Series[0];
        Assert.Equal((12.0, (double?)null, (double?)null, "leads"), (leads.Value, leads.Total, leads.RatePerMinute, leads.Unit));
        Assert.Equal((Db.Now.AddMinutes(-1), Db.Now.AddSeconds(-2), false), (leads.UpdatedAt, leads.LastReportAt, leads.Stale));
        Assert.Equal([new KpiPoint(Db.Now.AddMinutes(-3), 10), new KpiPoint(Db.Now.AddMinutes(-1), 12)], leads.History);
        // The unit label wins; without either, null.
        Assert.Equal(("items", (string?)null), (update.Series[2].Unit, update.Series[1].Unit));
        Assert.Equal((-3.0, 0), (update.Series[1].Value, update.Series[1].History.Count));
    }

    [Fact]
    public async Task A_series_turns_stale_when_more_than_StaleAfterSeconds_have_passed_since_its_last_report_by_arrival()
    {
        var rows = new KpiTestRows(Db.DataSource, "s");
        Db.Kpis.StaleAfterSeconds = 60;
        // Event time long ago (a producer with a slow clock): staleness follows arrival, not event time.
        await rows.SeriesAsync("leads", "gauge", 1, Db.Now.AddHours(-3), Db.Now);

        Db.Clock.Advance(TimeSpan.FromSeconds(60));
        Assert.False(Assert.Single((await ComputeAsync("s")).Series).Stale);
        Db.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(Assert.Single((await ComputeAsync("s")).Series).Stale);

        // A new report makes it fresh again.
        await rows.SeriesAsync("leads", "gauge", 2, Db.Now.AddHours(-3), Db.Now);
        Assert.False(Assert.Single((await ComputeAsync("s")).Series).Stale);
    }

    [Fact]
    public async Task At_most_Payloads_MaxKpiSeries_series_are_listed_by_ordinal_key_with_the_true_count_and_truncated()
    {
        var rows = new KpiTestRows(Db.DataSource, "cap");
        Db.Payloads.MaxKpiSeries = 2;
        foreach (var (name, region) in new[] { ("b", "eu"), ("a", "us"), ("a", "eu"), ("B", "eu") })
        {
            await rows.SeriesAsync(name, "gauge", 1, Db.Now, Db.Now, 1, ("region", region));
        }

        var update = await ComputeAsync("cap");
        Assert.Equal((4, true), (update.SeriesCount, update.Truncated));
        Assert.Equal(["B{region=\"eu\"}", "a{region=\"eu\"}"], update.Series.Select(s => s.Key).ToArray());
    }

    [Fact]
    public async Task Another_tenants_series_and_a_registered_series_without_a_folded_report_are_not_listed()
    {
        await new KpiTestRows(Db.DataSource, "other").SeriesAsync("leads", "gauge", 99, Db.Now, Db.Now);
        var mine = new KpiTestRows(Db.DataSource, "mine");
        await mine.SeriesAsync("leads", "gauge", 1, Db.Now, Db.Now, 1, ("region", "eu"));
        // Registered at ingest (the series cap), not folded yet.
        await mine.SeriesAsync("pending", "counter", null, Db.Now, Db.Now, 0);

        var update = await ComputeAsync("mine");
        Assert.Equal((1, 1.0), (update.SeriesCount, Assert.Single(update.Series).Value));
        Assert.Equal("leads{region=\"eu\"}", update.Series[0].Key);
        Assert.Empty((await ComputeAsync("nobody")).Series);
    }

    [Fact]
    public async Task The_business_day_of_a_Kolkata_tenant_starts_at_1830_UTC()
    {
        Db.Tenants["k"] = new Dashboard.Calendar.TenantSettings { TimeZone = "Asia/Kolkata" };
        await new KpiTestRows(Db.DataSource, "k").SeriesAsync("leads", "gauge", 1, Db.Now, Db.Now);

        var update = await ComputeAsync("k");
        Assert.Equal(("Asia/Kolkata", Db.Now.Date.AddHours(-5.5)), (update.TimeZone, update.WindowStart));
    }
}
