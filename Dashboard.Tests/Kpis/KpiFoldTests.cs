using Dashboard.Folding;
using Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Tests.Kpis;

/// <summary>
/// The event fold fills <c>kpi_series</c>, <c>kpi_minutely</c> and <c>kpi_hourly</c> from stored <c>metric.reported</c>
/// (docs/events.md §5): a gauge keeps its newest report by event time (a tie goes to the later committed), a counter adds
/// every report, labels in any order are one series, and the result is the same whatever order the reports were committed
/// in and however they were chunked; history stored before the fold existed is backfilled once.
/// </summary>
public sealed class KpiFoldTests : FreshDatabaseTests
{
    private static readonly DateTime T0 = new(2025, 6, 1, 10, 0, 0, DateTimeKind.Utc);

    // No two gauge reports of one series share an event time, so commit order cannot matter (ties are tested alone).
    private static readonly (double Seconds, object Data)[] Reports =
    [
        (0, new { name = "leads", value = 10, labels = new Dictionary<string, string> { ["region"] = "eu" } }),
        (5, new { name = "social_mentions", value = 3, kind = "counter", labels = new Dictionary<string, string> { ["network"] = "x" } }),
        (50, new { name = "leads", value = 12, labels = new Dictionary<string, string> { ["region"] = "eu" } }),
        (55, new { name = "social_mentions", value = 4.5, kind = "counter", labels = new Dictionary<string, string> { ["network"] = "x" } }),
        (70, new { name = "ai_agent_conversations", value = 2, kind = "counter", labels = new Dictionary<string, string> { ["bot"] = "b", ["channel"] = "web" } }),
        // The same labels in the other order: the same series.
        (80, new { name = "ai_agent_conversations", value = 1, kind = "counter", labels = new Dictionary<string, string> { ["channel"] = "web", ["bot"] = "b" } }),
        (30, new { name = "leads", value = 11, labels = new Dictionary<string, string> { ["region"] = "eu" } }),
        (900, new { name = "leads", value = 9, labels = new Dictionary<string, string> { ["region"] = "eu" } }),
        (905, new { name = "temperature", value = -2.25 }),
        (901, new { name = "temperature", value = -3.5, kind = "gauge" }),
        (960, new { name = "social_mentions", value = 0.5, kind = "counter", labels = new Dictionary<string, string> { ["network"] = "x" } }),
        // Late and older than the newest: counted in its minute and quarter, not the series' value.
        (20, new { name = "leads", value = 99, labels = new Dictionary<string, string> { ["region"] = "eu" } }),
    ];

    [Fact]
    public async Task Reports_committed_in_any_order_and_chunking_fold_into_the_same_rows()
    {
        await InsertAsync("forward", Reports);
        await Db.FoldAllAsync();

        var i = Reports.Length;
        foreach (var (seconds, data) in Reports.Reverse())
        {
            await Db.InsertAsync("backward", "metric.reported", T0.AddSeconds(seconds), data, $"e-{--i}");
            if (i % 3 == 0)
            {
                await Db.FoldAllAsync();
            }
        }

        await Db.FoldAllAsync();

        foreach (var table in KpiTables.All)
        {
            Assert.Equal(await Db.StringsAsync(table, "forward"), await Db.StringsAsync(table, "backward"));
        }

        Assert.Equal(
            [
                """ai_agent_conversations{bot="b",channel="web"}|counter|3|10:01:20|2|{"bot": "b", "channel": "web"}""",
                """leads{region="eu"}|gauge|9|10:15:00|5|{"region": "eu"}""",
                """social_mentions{network="x"}|counter|8|10:16:00|3|{"network": "x"}""",
                "temperature|gauge|-2.25|10:15:05|2|{}",
            ],
            await Db.StringsAsync(KpiTables.Series, "backward"));
        Assert.Equal(
            [
                """ai_agent_conversations{bot="b",channel="web"}|10:01|1|10:01:20|3|2""",
                """leads{region="eu"}|10:00|12|10:00:50|132|4""",
                """leads{region="eu"}|10:15|9|10:15:00|9|1""",
                """social_mentions{network="x"}|10:00|4.5|10:00:55|7.5|2""",
                """social_mentions{network="x"}|10:16|0.5|10:16:00|0.5|1""",
                "temperature|10:15|-2.25|10:15:05|-5.75|2",
            ],
            await Db.StringsAsync(KpiTables.Minutely, "backward"));
        Assert.Equal(
            [
                """ai_agent_conversations{bot="b",channel="web"}|10:00|1|10:01:20|3|2""",
                """leads{region="eu"}|10:00|12|10:00:50|132|4""",
                """leads{region="eu"}|10:15|9|10:15:00|9|1""",
                """social_mentions{network="x"}|10:00|4.5|10:00:55|7.5|2""",
                """social_mentions{network="x"}|10:15|0.5|10:16:00|0.5|1""",
                "temperature|10:15|-2.25|10:15:05|-5.75|2",
            ],
            await Db.StringsAsync(KpiTables.Hourly, "forward"));
        // Each tenant is marked changed for the tick.
        Assert.Equal(["true"], await Db.StringsAsync("SELECT (fold_seq > published_seq)::text FROM fold_tenants WHERE tenant = $1", "forward"));
    }

    [Fact]
    public async Task A_late_older_gauge_report_does_not_overwrite_and_a_tie_goes_to_the_later_committed()
    {
        await Db.InsertAsync("t", "metric.reported", T0.AddSeconds(10), new { name = "leads", value = 5 }, "new");
        await Db.FoldAllAsync();
        await Db.InsertAsync("t", "metric.reported", T0, new { name = "leads", value = 3 }, "late");
        await Db.FoldAllAsync();
        Assert.Equal(["leads|gauge|5|10:00:10|2|{}"], await Db.StringsAsync(KpiTables.Series, "t"));

        // Same event time: the later committed wins, folded in one chunk or in two.
        await Db.InsertAsync("t", "metric.reported", T0.AddSeconds(10), new { name = "leads", value = 6 }, "tie-1");
        await Db.FoldAllAsync();
        await Db.InsertAsync("t", "metric.reported", T0.AddSeconds(10), new { name = "leads", value = 7 }, "tie-2");
        await Db.InsertAsync("t", "metric.reported", T0.AddSeconds(10), new { name = "leads", value = 8 }, "tie-3");
        await Db.FoldAllAsync();

        Assert.Equal(["leads|gauge|8|10:00:10|5|{}"], await Db.StringsAsync(KpiTables.Series, "t"));
        Assert.Equal(["leads|10:00|8|10:00:10|29|5"], await Db.StringsAsync(KpiTables.Minutely, "t"));
    }

    [Fact]
    public async Task The_newest_arrival_is_kept_and_a_registered_series_takes_its_first_report()
    {
        // Registered at ingest (reports 0, no value), as KpiSeriesRegistry does before the events are stored.
        await ExecuteAsync("INSERT INTO kpi_series (tenant, series_key, name, kind, created_at) VALUES ('t', 'calls_total', 'calls_total', 'counter', now())");
        await Db.InsertAsync("t", "metric.reported", T0, new { name = "calls_total", value = 4, kind = "counter" });
        await Db.InsertAsync("t", "metric.reported", T0.AddSeconds(-30), new { name = "calls_total", value = 1, kind = "counter" });
        await Db.FoldAllAsync();

        Assert.Equal(["calls_total|counter|5|10:00:00|2|{}"], await Db.StringsAsync(KpiTables.Series, "t"));
        Assert.Equal(["true"], await Db.StringsAsync(
            "SELECT (s.last_received_at = (SELECT max(received_at) FROM events WHERE tenant = $1))::text FROM kpi_series s WHERE s.tenant = $1", "t"));
    }

    [Fact]
    public async Task A_report_of_another_kind_than_its_series_is_left_out_and_a_stored_report_breaking_the_rules_is_set_aside()
    {
        await Db.InsertAsync("t", "metric.reported", T0, new { name = "m", value = 2, kind = "counter" }, "first");
        await Db.InsertAsync("t", "metric.reported", T0.AddSeconds(1), new { name = "m", value = 50 }, "gauge");
        await Db.InsertAsync("t", "metric.reported", T0.AddSeconds(2), new { name = "m", value = 3, kind = "counter" }, "second");
        // Stored before today's rules: no value, and a reserved label.
        await Db.InsertAsync("t", "metric.reported", T0, new { name = "m" }, "no-value");
        await Db.InsertAsync("t", "metric.reported", T0, new { name = "m", value = 1, labels = new Dictionary<string, string> { ["tenant"] = "x" } }, "reserved");
        await Db.FoldAllAsync();

        Assert.Equal(["m|counter|5|10:00:02|2|{}"], await Db.StringsAsync(KpiTables.Series, "t"));
        Assert.Equal(["no-value", "reserved"], await Db.StringsAsync("SELECT event_id FROM dead_letters WHERE tenant = $1 ORDER BY event_id", "t"));
    }

    [Fact]
    public async Task History_passed_before_the_kpi_fold_is_backfilled_once_as_an_in_order_fold_would()
    {
        (double, object)[] before = [.. Reports.Take(8)];
        (double, object)[] after = [.. Reports.Skip(8)];
        await InsertAsync("reference", [.. before, .. after]);
        await Db.FoldAllAsync();
        await ExecuteAsync("UPDATE fold_watermarks w SET txid = m.txid, seq = m.seq FROM fold_watermarks m WHERE m.name = 'campaign_metrics' AND w.name = 'kpi_backfill'");

        // The upgraded tenant's history was passed by a fold that knew no KPIs; migration 0013 recorded that watermark.
        await InsertAsync("upgraded", before);
        await ExecuteAsync("""
            UPDATE fold_watermarks w SET txid = m.txid, seq = m.seq
            FROM (SELECT txid, seq FROM events ORDER BY txid DESC, seq DESC LIMIT 1) m WHERE w.name IN ('campaign_metrics', 'kpi_backfill_end')
            """);
        await InsertAsync("upgraded", after, first: before.Length);
        await Db.FoldAllAsync();

        var backfill = new FoldBackfill(
            BackfillDomain.Kpi, Db.DataSource, new FoldRowReader(Microsoft.Extensions.Options.Options.Create(Db.QueueOptions)), Db.TimeZones, Db.Clock,
            NullLogger<FoldBackfill>.Instance) { RowsPerRun = 3 };
        var runs = 0;
        while (await backfill.RunAsync(CancellationToken.None) > 0 && runs++ < 20)
        {
        }

        Assert.Equal(0, await backfill.RunAsync(CancellationToken.None));
        foreach (var table in KpiTables.All)
        {
            Assert.Equal(await Db.StringsAsync(table, "reference"), await Db.StringsAsync(table, "upgraded"));
        }

        Assert.Equal(4, (await Db.StringsAsync(KpiTables.Series, "upgraded")).Count);
        Assert.Equal(BackfillDomain.Kpi, Db.Backfills.Kpi.Domain);
    }

    private async Task InsertAsync(string tenant, (double Seconds, object Data)[] reports, int first = 0)
    {
        var i = first;
        foreach (var (seconds, data) in reports)
        {
            await Db.InsertAsync(tenant, "metric.reported", T0.AddSeconds(seconds), data, $"e-{i++}");
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var cmd = Db.DataSource.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync();
    }
}
