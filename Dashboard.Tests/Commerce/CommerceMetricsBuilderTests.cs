using Dashboard.Calendar;
using Dashboard.Commerce;

namespace Dashboard.Tests.Commerce;

/// <summary>The commerce arithmetic on rows given by hand (docs/metrics.md §7): no database.</summary>
public sealed class CommerceMetricsBuilderTests
{
    private static readonly DateTime Now = new(2026, 12, 5, 10, 0, 42, 300, DateTimeKind.Utc);
    private static readonly DateTime Minute = new(2026, 12, 5, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Revenue_per_minute_is_dense_per_currency_seen_in_the_hour_oldest_first()
    {
        var rows = CommerceTenantRows.Empty with
        {
            RevenueMinutes =
            [
                new(Minute.AddMinutes(-59), "USD", 1.50m),
                new(Minute, "EUR", 2.25m),
                // Outside the 60 minutes: neither counted nor making GBP appear.
                new(Minute.AddMinutes(-60), "GBP", 9m),
            ],
        };

        var update = CommerceMetricsBuilder.Build("t", rows, BusinessCalendar.Utc, Now).Update;

        Assert.Equal(120, update.RevenuePerMinute.Count);
        Assert.Equal(new RevenueMinute(Minute.AddMinutes(-59), "EUR", 0m), update.RevenuePerMinute[0]);
        Assert.Equal(new RevenueMinute(Minute.AddMinutes(-59), "USD", 1.50m), update.RevenuePerMinute[1]);
        Assert.Equal(new RevenueMinute(Minute, "EUR", 2.25m), update.RevenuePerMinute[^2]);
        Assert.Equal(new RevenueMinute(Minute, "USD", 0m), update.RevenuePerMinute[^1]);
        Assert.DoesNotContain(update.RevenuePerMinute, m => m.Currency == "GBP");
    }

    [Fact]
    public void Active_users_per_minute_has_60_entries_null_where_no_tick_recorded_and_the_current_minute_at_least_now()
    {
        var rows = CommerceTenantRows.Empty with
        {
            CurrentUsers = 7,
            StoredPeak24h = 5,
            MinutePeaks = new Dictionary<DateTime, long> { [Minute.AddMinutes(-1)] = 9, [Minute] = 3 },
        };

        var update = CommerceMetricsBuilder.Build("t", rows, BusinessCalendar.Utc, Now).Update;

        Assert.Equal(60, update.ActiveUsersPerMinute.Count);
        Assert.Equal(Minute.AddMinutes(-59), update.ActiveUsersPerMinute[0].Minute);
        Assert.Null(update.ActiveUsersPerMinute[0].Peak);
        Assert.Equal((9L, 7L), (update.ActiveUsersPerMinute[58].Peak!.Value, update.ActiveUsersPerMinute[59].Peak!.Value));
        // The peak is never below what is active now.
        Assert.Equal(new ActiveUsers(7, 0, 7), update.ActiveUsers);
    }

    [Fact]
    public void Counts_ratios_and_emptiness()
    {
        var rows = CommerceTenantRows.Empty with
        {
            Totals = [new("completed", "EUR", 2, 30m), new("refunded", "EUR", 1, 5m), new("pending", "USD", 4, 40m), new("completed", "USD", 1, 1m)],
            ContentTotal = new ContentCounts(0, 2),
        };

        var metrics = CommerceMetricsBuilder.Build("t", rows, BusinessCalendar.Utc, Now);

        Assert.Equal(new TransactionCounts(8, 4, 3, 0, 1), metrics.Update.Transactions);
        Assert.Equal(["EUR", "USD"], metrics.Update.Revenue.Select(r => r.Currency).ToArray());
        // Purchases without a recorded view: no ratio, not infinity.
        Assert.Null(metrics.Update.Content.ConversionRate);
        Assert.False(metrics.IsEmpty);
        Assert.True(CommerceMetricsBuilder.Build("t", CommerceTenantRows.Empty, BusinessCalendar.Utc, Now).IsEmpty);
    }

    [Fact]
    public void Unchanged_ignores_computedAt_only()
    {
        var rows = CommerceTenantRows.Empty with { CurrentUsers = 2, RevenueMinutes = [new(Minute, "EUR", 1m)] };
        var a = CommerceMetricsBuilder.Build("t", rows, BusinessCalendar.Utc, Now).Update;
        var b = CommerceMetricsBuilder.Build("t", rows, BusinessCalendar.Utc, Now.AddSeconds(1)).Update;
        var c = CommerceMetricsBuilder.Build("t", rows with { RevenueMinutes = [new(Minute, "EUR", 1.01m)] }, BusinessCalendar.Utc, Now).Update;

        Assert.Equal(new CommerceComparable(a), new CommerceComparable(b));
        Assert.NotEqual(new CommerceComparable(a), new CommerceComparable(c));
        // A minute later the window has moved on: a change.
        Assert.NotEqual(new CommerceComparable(a), new CommerceComparable(CommerceMetricsBuilder.Build("t", rows, BusinessCalendar.Utc, Now.AddMinutes(1)).Update));
    }

    [Fact]
    public void The_statuses_are_the_catalogues_in_the_payloads_order_and_rank_in_the_catalogues_order()
    {
        // The payload's field order (docs/metrics.md §7), which the REST error text and OpenAPI enum list too.
        Assert.Equal(["pending", "completed", "failed", "refunded"], CommerceMetricsBuilder.Statuses);
        Assert.Equal(
            [.. Enumerable.Range(0, Dashboard.Catalogue.EventTypes.TransactionStatuses.Count)],
            Dashboard.Catalogue.EventTypes.TransactionStatuses.Select(CommerceTransactionRow.Stage));
        Assert.Equal(-1, CommerceTransactionRow.Stage("open"));
    }
}
