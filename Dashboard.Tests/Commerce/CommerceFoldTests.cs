using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Commerce;

/// <summary>
/// The event fold fills the commerce tables (migration 0010) from stored events: the same rows and counters whatever
/// order the events were committed and folded in (docs/events.md §4), and a stored event that breaks today's rules set
/// aside as a dead letter without stopping the others.
/// </summary>
public sealed class CommerceFoldTests : FreshDatabaseTests
{
    // The test clock's day (MetricsDatabase starts at 2025-06-01 12:00 UTC), so every user counts today.
    private static readonly DateTime T0 = new(2025, 6, 1, 10, 0, 0, DateTimeKind.Utc);

    private static readonly (string Type, double Seconds, object Data)[] Shop =
    [
        ("transaction.updated", 0, new { transactionId = "tx-1", amount = 20.00m, currency = "EUR", status = "pending" }),
        ("user.active", 0, new { userId = "u-1" }),
        ("transaction.updated", 10, new { transactionId = "tx-2", amount = 10.00m, currency = "USD", status = "pending" }),
        ("transaction.updated", 60, new { transactionId = "tx-1", amount = 20.00m, currency = "EUR", status = "completed" }),
        ("content.viewed", 70, new { contentId = "c-1", userId = "u-1" }),
        ("user.active", 100, new { userId = "u-2" }),
        ("transaction.updated", 120, new { transactionId = "tx-3", amount = 500, currency = "JPY", status = "pending" }),
        // Same instant: failed is the later stage.
        ("transaction.updated", 120, new { transactionId = "tx-3", amount = 500, currency = "JPY", status = "failed" }),
        ("content.viewed", 130, new { contentId = "c-1" }),
        ("transaction.updated", 200, new { transactionId = "tx-4", amount = 5.00m, currency = "EUR", status = "completed" }),
        ("transaction.updated", 200, new { transactionId = "tx-4", amount = 5.00m, currency = "EUR", status = "refunded" }),
        ("content.purchased", 210, new { contentId = "c-1", amount = 5.00m, currency = "EUR" }),
        ("user.active", 300, new { userId = "u-1" }),
        ("transaction.updated", 900, new { transactionId = "tx-2", amount = 12.50m, currency = "USD", status = "completed" }),
        ("content.viewed", 950, new { contentId = "c-2" }),
        ("content.viewed", 960, new { contentId = "c-1" }),
        ("transaction.updated", 3600, new { transactionId = "tx-1", amount = 20.00m, currency = "EUR", status = "refunded" }),
    ];

    [Fact]
    public async Task Events_committed_in_any_order_and_chunking_fold_into_the_same_rows_and_counters()
    {
        var i = 0;
        foreach (var (type, seconds, data) in Shop)
        {
            await Db.InsertAsync("forward", type, T0.AddSeconds(seconds), data, $"e-{i++}");
        }

        await Db.FoldAllAsync();

        // Backwards, folded every three events, so each transaction's life crosses chunks in reverse.
        i = Shop.Length;
        foreach (var (type, seconds, data) in Shop.Reverse())
        {
            await Db.InsertAsync("backward", type, T0.AddSeconds(seconds), data, $"e-{--i}");
            if (i % 3 == 0)
            {
                await Db.FoldAllAsync();
            }
        }

        await Db.FoldAllAsync();

        foreach (var table in CommerceTables.All)
        {
            Assert.Equal(await Db.StringsAsync(table, "forward"), await Db.StringsAsync(table, "backward"));
        }

        Assert.Equal(
            ["tx-1|refunded|11:00:00|20.00|EUR|e-16|10:00:00", "tx-2|completed|10:15:00|12.50|USD|e-13|10:00:10",
             "tx-3|failed|10:02:00|500|JPY|e-7|10:02:00", "tx-4|refunded|10:03:20|5.00|EUR|e-10|10:03:20"],
            await Db.StringsAsync(CommerceTables.Transactions, "forward"));
        Assert.Equal(
            ["10:00|failed|JPY|1|500", "10:00|refunded|EUR|1|5.00", "10:15|completed|USD|1|12.50", "11:00|refunded|EUR|1|20.00"],
            await Db.StringsAsync(CommerceTables.Buckets, "backward"));
        Assert.Equal(["completed|USD|1|12.50", "failed|JPY|1|500", "refunded|EUR|2|25.00"], await Db.StringsAsync(CommerceTables.Totals, "backward"));
        Assert.Equal(["u-1|10:05:00", "u-2|10:01:40"], await Db.StringsAsync(CommerceTables.Users, "backward"));
        Assert.Equal(["c-1|3|1", "c-2|1|0"], await Db.StringsAsync(CommerceTables.Content, "backward"));
        Assert.Equal(["10:00|2|1", "10:15|2|0"], await Db.StringsAsync(CommerceTables.ContentBuckets, "backward"));
        Assert.Equal(["4|1"], await Db.StringsAsync(CommerceTables.ContentTotals, "backward"));
        Assert.Equal(["2025-06-01 00:00|2"], await Db.StringsAsync(CommerceTables.UsersToday, "forward"));
        Assert.Equal(["2025-06-01 00:00|2"], await Db.StringsAsync(CommerceTables.UsersToday, "backward"));
    }

    [Fact]
    public async Task A_stored_transaction_breaking_todays_rules_is_set_aside_and_the_rest_applies()
    {
        await Db.InsertAsync("t", "transaction.updated", T0, new { transactionId = "bad", amount = 1.5m, currency = "JPY", status = "completed" }, "bad-1");
        await Db.InsertAsync("t", "transaction.updated", T0, new { transactionId = "odd", amount = 1, currency = "eur", status = "completed" }, "bad-2");
        await Db.InsertAsync("t", "transaction.updated", T0, new { transactionId = "ok", amount = 1, currency = "EUR", status = "completed" }, "ok-1");
        await Db.InsertAsync("t", "user.active", T0, new { userId = "u" }, "ok-2");
        await Db.FoldAllAsync();

        Assert.Equal(["ok|completed|10:00:00|1|EUR|ok-1|10:00:00"], await Db.StringsAsync(CommerceTables.Transactions, "t"));
        Assert.Equal(["completed|EUR|1|1"], await Db.StringsAsync(CommerceTables.Totals, "t"));
        Assert.Equal(["u|10:00:00"], await Db.StringsAsync(CommerceTables.Users, "t"));
        Assert.Equal(
            ["bad-1 data.amount must be a number from 0 to below 10^15 with at most 0 decimals in JPY", "bad-2 data.currency must be an active ISO 4217 currency code"],
            await Db.StringsAsync("SELECT event_id || ' ' || error FROM dead_letters WHERE tenant = $1 ORDER BY event_id", "t"));
    }

    [Fact]
    public async Task Migration_0012_fills_the_content_totals_from_the_content_items_once()
    {
        // A database upgraded from 0011: content items folded, no totals yet.
        await using (var seed = Db.DataSource.CreateCommand(
            """
            INSERT INTO commerce_content (tenant, content_id, views, purchases) VALUES ('a', 'c-1', 5, 1), ('a', 'c-2', 2, 0), ('b', 'c-1', 1, 1);
            DELETE FROM commerce_content_totals;
            """))
        {
            await seed.ExecuteNonQueryAsync();
        }

        var migration = Dashboard.Storage.MigrationRunner.LoadMigrations().Single(m => m.Version == 12);
        Assert.Equal("0012_commerce_content_totals", migration.Name);
        for (var run = 0; run < 2; run++)
        {
            await using var apply = Db.DataSource.CreateCommand(migration.Sql);
            await apply.ExecuteNonQueryAsync();
        }

        Assert.Equal(["7|1"], await Db.StringsAsync(CommerceTables.ContentTotals, "a"));
        Assert.Equal(["1|1"], await Db.StringsAsync(CommerceTables.ContentTotals, "b"));
    }
}
