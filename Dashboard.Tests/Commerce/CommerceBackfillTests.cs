using Dashboard.Folding;
using Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Tests.Commerce;

/// <summary>
/// Commerce events stored before the commerce fold existed (the fold's watermark passed them without applying them) are
/// applied once by the backfill (migration 0011, docs/events.md §4), in bounded chunks, and give the state an in-order fold
/// gives, also when newer events of the same transactions and users were folded first; content counts are not doubled.
/// </summary>
public sealed class CommerceBackfillTests : FreshDatabaseTests
{
    private static readonly DateTime T0 = new(2025, 6, 1, 10, 0, 0, DateTimeKind.Utc);

    private static readonly (string Type, double Seconds, object Data)[] Before =
    [
        ("transaction.updated", 0, new { transactionId = "tx-1", amount = 30.00m, currency = "EUR", status = "pending" }),
        ("user.active", 1, new { userId = "u-1" }),
        ("call.started", 2, new { callId = "c-1", campaignId = "k" }),
        ("transaction.updated", 60, new { transactionId = "tx-1", amount = 30.00m, currency = "EUR", status = "completed" }),
        ("content.viewed", 61, new { contentId = "c-1" }),
        ("transaction.updated", 62, new { transactionId = "tx-bad", amount = 1, currency = "eur", status = "completed" }),
        ("content.purchased", 70, new { contentId = "c-1" }),
        ("transaction.updated", 80, new { transactionId = "tx-2", amount = 700, currency = "JPY", status = "completed" }),
        ("user.active", 90, new { userId = "u-2" }),
    ];

    // Stored after the upgrade: the fold applies these at once, before the backfill reaches the older ones.
    private static readonly (string Type, double Seconds, object Data)[] After =
    [
        ("transaction.updated", 1000, new { transactionId = "tx-1", amount = 30.00m, currency = "EUR", status = "refunded" }),
        ("user.active", 1010, new { userId = "u-1" }),
        ("content.viewed", 1020, new { contentId = "c-1" }),
    ];

    [Fact]
    public async Task History_passed_before_the_commerce_fold_is_applied_once_as_an_in_order_fold_would()
    {
        // The reference: everything folded in order by today's fold, except the malformed event (set aside there).
        await InsertAsync("reference", [.. Before.Where(e => e.Seconds != 62), .. After]);
        await Db.FoldAllAsync();
        // The commerce fold applied those: they lie before the backfill's range (content counts would double otherwise).
        await ExecuteAsync("""
            UPDATE fold_watermarks w SET txid = m.txid, seq = m.seq
            FROM fold_watermarks m WHERE m.name = 'campaign_metrics' AND w.name = 'commerce_backfill'
            """);

        // The upgraded tenant: its history was passed by a fold that knew no commerce; migration 0011 recorded that
        // watermark as the backfill's end.
        await InsertAsync("upgraded", Before);
        await ExecuteAsync("""
            UPDATE fold_watermarks w SET txid = m.txid, seq = m.seq
            FROM (SELECT txid, seq FROM events ORDER BY txid DESC, seq DESC LIMIT 1) m WHERE w.name IN ('campaign_metrics', 'commerce_backfill_end')
            """);
        await InsertAsync("upgraded", After);
        await Db.FoldAllAsync();
        Assert.Equal(["tx-1|refunded|10:16:40|30.00|EUR|e-1000|10:16:40"], await Db.StringsAsync(CommerceTables.Transactions, "upgraded"));

        var backfill = new FoldBackfill(
            BackfillDomain.Commerce, Db.DataSource, new FoldRowReader(Microsoft.Extensions.Options.Options.Create(Db.QueueOptions)), Db.TimeZones, Db.Clock,
            NullLogger<FoldBackfill>.Instance) { RowsPerRun = 4 };
        // 9 stored events in runs of 4: the third run reads the last one and ends the range.
        var runs = 0;
        do
        {
            await backfill.RunAsync(CancellationToken.None);
            runs++;
        }
        while (!await DoneAsync() && runs < 20);

        Assert.Equal(3, runs);
        Assert.Equal(0, await backfill.RunAsync(CancellationToken.None));
        foreach (var table in CommerceTables.All)
        {
            Assert.Equal(await Db.StringsAsync(table, "reference"), await Db.StringsAsync(table, "upgraded"));
        }

        Assert.Equal(["tx-1|refunded|10:16:40|30.00|EUR|e-1000|10:00:00", "tx-2|completed|10:01:20|700|JPY|e-80|10:01:20"],
            await Db.StringsAsync(CommerceTables.Transactions, "upgraded"));
        Assert.Equal(["c-1|2|1"], await Db.StringsAsync(CommerceTables.Content, "upgraded"));
        Assert.Equal(["2025-06-01 00:00|2"], await Db.StringsAsync(CommerceTables.UsersToday, "upgraded"));
        // The tenant is marked changed, so the next tick publishes what the backfill applied.
        Assert.Equal(["true"], await Db.StringsAsync("SELECT (fold_seq > published_seq)::text FROM fold_tenants WHERE tenant = $1", "upgraded"));
    }

    [Fact]
    public async Task A_fresh_database_has_nothing_to_backfill_and_the_tick_runs_both_backfills()
    {
        await Db.InsertAsync("t", "user.active", T0, new { userId = "u" });
        await Db.FoldAllAsync();

        Assert.Equal(0, await Db.Backfills.RunAsync(CancellationToken.None));
        Assert.Equal(["u|10:00:00"], await Db.StringsAsync(CommerceTables.Users, "t"));
        Assert.Equal(BackfillDomain.Chat, Db.Backfills.Chat.Domain);
        Assert.Equal(BackfillDomain.Commerce, Db.Backfills.Commerce.Domain);
    }

    private async Task<bool> DoneAsync()
    {
        await using var cmd = Db.DataSource.CreateCommand(
            "SELECT (SELECT (txid, seq) FROM fold_watermarks WHERE name = 'commerce_backfill') >= (SELECT (txid, seq) FROM fold_watermarks WHERE name = 'commerce_backfill_end')");
        return (bool)(await cmd.ExecuteScalarAsync())!;
    }

    private async Task InsertAsync(string tenant, (string Type, double Seconds, object Data)[] events)
    {
        foreach (var (type, seconds, data) in events)
        {
            await Db.InsertAsync(tenant, type, T0.AddSeconds(seconds), data, $"e-{seconds}");
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var cmd = Db.DataSource.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync();
    }
}
