using Dashboard.Retention;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Commerce;

/// <summary>
/// The retention job on the commerce tables (docs/architecture.md §8): with the manual clock at 2025-06-01 12:00 UTC, Days = 30
/// and RollupDays = 400, users last active and settled transactions last changed before 2025-05-02 12:00 go, pending ones
/// stay whatever their age, buckets go after 400 days and per-minute peaks after 2; the all-time totals stay. Batches of 3
/// rows, so every step loops.
/// </summary>
public sealed class CommerceRetentionTests : FreshDatabaseTests
{
    private RetentionSweeper Sweeper() =>
        new(Db.DataSource, Microsoft.Extensions.Options.Options.Create(new RetentionOptions { Days = 30, RollupDays = 400 }), Db.Clock) { BatchRows = 3 };

    [Fact]
    public async Task Old_users_settled_transactions_buckets_and_minutes_go_and_pending_recent_and_all_time_figures_stay()
    {
        var t = Tenants.New();
        var ancient = Db.Now.AddDays(-500);
        var old = Db.Now.AddDays(-40);
        var recent = Db.Now.AddDays(-1);
        for (var i = 0; i < 4; i++)
        {
            await Db.InsertAsync(t, "user.active", old, new { userId = $"u-old-{i}" });
            await Transaction(t, $"tx-old-{i}", old, i % 2 == 0 ? "completed" : "failed");
        }

        await Transaction(t, "tx-refunded", old, "refunded");
        await Transaction(t, "tx-ancient", ancient, "completed");
        await Transaction(t, "tx-waiting", ancient, "pending");
        await Transaction(t, "tx-new", recent, "completed");
        await Db.InsertAsync(t, "user.active", recent, new { userId = "u-new" });
        await Db.InsertAsync(t, "content.viewed", ancient, new { contentId = "c" });
        await Db.InsertAsync(t, "content.viewed", recent, new { contentId = "c" });
        await Db.FoldAllAsync();
        // The tick writes these (the highest "active now" of each minute); 3 days and 1 day old.
        await ExecuteAsync(t, "INSERT INTO commerce_active_minutes (tenant, minute, peak) VALUES ($1, $2, 5)", Db.Now.AddDays(-3));
        await ExecuteAsync(t, "INSERT INTO commerce_active_minutes (tenant, minute, peak) VALUES ($1, $2, 7)", Db.Now.AddDays(-1));

        var result = await Sweeper().RunAsync(CancellationToken.None);

        Assert.Equal((4L, 6L, 2L, 1L, 1L),
            (result["commerce_users"], result["commerce_transactions"], result["commerce_transaction_buckets"], result["commerce_content_buckets"], result["commerce_active_minutes"]));
        Assert.Equal(["u-new"], await Db.StringsAsync("SELECT user_id FROM commerce_users WHERE tenant = $1", t));
        Assert.Equal(["tx-new", "tx-waiting"], await Db.StringsAsync("SELECT transaction_id FROM commerce_transactions WHERE tenant = $1 ORDER BY 1", t));
        Assert.Equal(["1"], await Db.StringsAsync("SELECT sum(views)::text FROM commerce_content_buckets WHERE tenant = $1", t));
        Assert.Equal(["7"], await Db.StringsAsync("SELECT peak::text FROM commerce_active_minutes WHERE tenant = $1", t));
        // All time stays all time.
        Assert.Equal(["completed|EUR|4|40.00", "failed|EUR|2|20.00", "pending|EUR|1|10.00", "refunded|EUR|1|10.00"], await Db.StringsAsync(CommerceTables.Totals, t));
        Assert.Equal(["c|2|0"], await Db.StringsAsync(CommerceTables.Content, t));
        Assert.Equal(0, (await Sweeper().RunAsync(CancellationToken.None)).DeletedByTable.Where(kv => kv.Key.StartsWith("commerce_", StringComparison.Ordinal)).Sum(kv => kv.Value));

        // The pending payment settles today: it leaves pending (its deleted bucket is not driven negative) and counts now.
        await Transaction(t, "tx-waiting", recent, "completed");
        await Db.FoldAllAsync();
        Assert.Equal(["completed|EUR|5|50.00", "failed|EUR|2|20.00", "refunded|EUR|1|10.00"], await Db.StringsAsync(CommerceTables.Totals, t));
        Assert.Empty(await Db.StringsAsync("SELECT bucket::text FROM commerce_transaction_buckets WHERE tenant = $1 AND (transactions < 0 OR amount < 0)", t));

        // Documented limit: a refund more than Retention:Days after its completion finds no row, so it counts as a new
        // refunded transaction and the completed revenue it should take back stays in the all-time total.
        await Transaction(t, "tx-old-0", recent, "refunded");
        await Db.FoldAllAsync();
        Assert.Equal(["completed|EUR|5|50.00", "failed|EUR|2|20.00", "refunded|EUR|2|20.00"], await Db.StringsAsync(CommerceTables.Totals, t));
    }

    private Task Transaction(string tenant, string id, DateTime at, string status) =>
        Db.InsertAsync(tenant, "transaction.updated", at, new { transactionId = id, amount = 10.00m, currency = "EUR", status });

    private async Task ExecuteAsync(string tenant, string sql, DateTime parameter)
    {
        await using var cmd = Db.DataSource.CreateCommand(sql);
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(parameter);
        await cmd.ExecuteNonQueryAsync();
    }
}
