using Dashboard.Commerce;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Commerce;

/// <summary>
/// Events → the fold → the commerce metrics: revenue per currency (never added across currencies) with refunds, status
/// events folded out of order and in separate folds, the winning event's amount, exact decimals, and the counts by
/// status all time and today. The clock is the test clock (2025-06-01 12:00 UTC).
/// </summary>
public sealed class CommerceRevenueTests : FreshDatabaseTests
{
    [Fact]
    public async Task Revenue_per_currency_follows_each_transactions_newest_status_whatever_the_order_and_a_refund_takes_it_out()
    {
        var t = Db.Now.AddMinutes(-30);
        async Task Tx(string id, double minutes, decimal amount, string currency, string status, string? eventId = null)
        {
            var data = new { transactionId = id, amount, currency, status };
            if (eventId is null)
            {
                await Db.InsertAsync("shop", "transaction.updated", t.AddMinutes(minutes), data);
            }
            else
            {
                await Db.InsertAsync("shop", "transaction.updated", t.AddMinutes(minutes), data, eventId);
            }
        }

        await Tx("a", 0, 10.00m, "EUR", "pending");
        await Tx("a", 1, 10.00m, "EUR", "completed");
        // b: the refund is committed (and folded) before the sale it refunds.
        await Tx("b", 10, 5.50m, "EUR", "refunded");
        await Db.FoldAllAsync();
        await Tx("b", 2, 5.50m, "EUR", "completed");
        // c: the older pending arrives after its completion and changes nothing.
        await Tx("c", 3, 7.25m, "USD", "completed");
        await Tx("c", 0, 7.25m, "USD", "pending");
        await Tx("d", 4, 100m, "USD", "pending");
        await Tx("e", 5, 500m, "JPY", "completed");
        await Tx("f", 5, 1.00m, "EUR", "failed");
        // g: completed and failed at the same instant: completed is the later stage.
        await Tx("g", 5, 4.00m, "EUR", "failed");
        await Tx("g", 5, 4.00m, "EUR", "completed");
        // h: the amount is the winning event's (the pending one quoted another).
        await Tx("h", 0, 9.99m, "EUR", "pending");
        await Tx("h", 6, 12.50m, "EUR", "completed");
        // A fraction of a cent adds up exactly: 0.10 three times is 0.30, not 0.30000000000000004.
        await Tx("k1", 7, 0.10m, "EUR", "completed");
        await Tx("k2", 7, 0.10m, "EUR", "completed");
        await Tx("k3", 7, 0.10m, "EUR", "completed");
        await Db.FoldAllAsync();

        var update = await ComputeAsync();
        Assert.Equal(
            [new CurrencyRevenue("EUR", 26.80m, 26.80m, 26.80m, 26.80m), new CurrencyRevenue("JPY", 500m, 500m, 500m, 500m), new CurrencyRevenue("USD", 7.25m, 7.25m, 7.25m, 7.25m)],
            update.Revenue);
        Assert.Equal("26.80", update.Revenue[0].Total.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(new TransactionCounts(11, 1, 8, 1, 1), update.Transactions);
        Assert.Equal(update.Transactions, update.TransactionsToday);
        Assert.Equal(26.80m, update.RevenuePerMinute.Where(m => m.Currency == "EUR").Sum(m => m.Amount));
        Assert.Equal(10.00m, update.RevenuePerMinute.Single(m => m.Currency == "EUR" && m.Minute == t.AddMinutes(1)).Amount);
        Assert.Equal(3 * 60, update.RevenuePerMinute.Count);

        // A later fold refunds a: out of the total, today and its minute, wherever its completion was counted.
        await Tx("a", 20, 10.00m, "EUR", "refunded");
        await Db.FoldAllAsync();
        var refunded = await ComputeAsync();
        Assert.Equal(new CurrencyRevenue("EUR", 16.80m, 16.80m, 16.80m, 16.80m), refunded.Revenue[0]);
        Assert.Equal(new TransactionCounts(11, 1, 7, 1, 2), refunded.Transactions);
        Assert.Equal(0m, refunded.RevenuePerMinute.Single(m => m.Currency == "EUR" && m.Minute == t.AddMinutes(1)).Amount);

        // A currency whose only sale is refunded keeps its entry, at zero.
        await Tx("e", 25, 500m, "JPY", "refunded");
        await Db.FoldAllAsync();
        Assert.Equal(new CurrencyRevenue("JPY", 0m, 0m, 0m, 0m), (await ComputeAsync()).Revenue[1]);
    }

    [Fact]
    public async Task Active_users_and_content_come_from_user_and_content_events()
    {
        var t = Db.Now;
        await Db.InsertAsync("shop", "user.active", t.AddMinutes(-2), new { userId = "u1" });
        await Db.InsertAsync("shop", "user.active", t.AddMinutes(-30), new { userId = "u1" });
        await Db.InsertAsync("shop", "user.active", t.AddMinutes(-10), new { userId = "u2" });
        await Db.InsertAsync("shop", "user.active", t.AddHours(-13), new { userId = "u3" });
        foreach (var (id, minutes) in new[] { ("c1", -5), ("c1", -4), ("c2", -3), ("c1", -1) })
        {
            await Db.InsertAsync("shop", "content.viewed", t.AddMinutes(minutes), new { contentId = id, userId = "u1" });
        }

        await Db.InsertAsync("shop", "content.purchased", t.AddMinutes(-1), new { contentId = "c1", amount = 3.00m, currency = "EUR" });
        // Yesterday's view counts all time, not today.
        await Db.InsertAsync("shop", "content.viewed", t.AddHours(-13), new { contentId = "c3" });
        await Db.FoldAllAsync();

        var update = await ComputeAsync();
        Assert.Equal(new ActiveUsers(1, 2, 1), update.ActiveUsers);
        Assert.Equal(new ContentFigures(5, 1, 0.2, 4, 1, 0.25), update.Content);

        var content = await new CommerceReportsReader(Db.DataSource, Db.TimeZones).ContentAsync("shop", 2, t, CancellationToken.None);
        Assert.Equal(3, content.Total);
        Assert.Equal([new ContentItem("c1", 3, 1, 1.0 / 3), new ContentItem("c2", 1, 0, 0)], content.Content);

        // The all-time content totals move with the fold (commerce_content_totals).
        await Db.InsertAsync("shop", "content.viewed", t, new { contentId = "c2" });
        await Db.FoldAllAsync();
        Assert.Equal(6, (await ComputeAsync()).Content.TotalViews);
    }

    private async Task<CommerceUpdate> ComputeAsync() =>
        (await Db.CommerceCalculator.ComputeAsync(["shop"], Db.Now, recordPeak: false, CancellationToken.None)).Single().Update;
}
