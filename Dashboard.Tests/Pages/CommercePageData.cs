using Dashboard.Commerce;
using Dashboard.Realtime;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Pages;

/// <summary><c>commerce_update</c> snapshots for the Commerce page, Wallboard and Overview tests, published as the tick does.</summary>
internal static class CommercePageData
{
    /// <summary>Start of the UTC minute of <paramref name="t"/>.</summary>
    public static DateTime MinuteOf(DateTime t) => new(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, DateTimeKind.Utc);

    /// <summary>
    /// A shop as of <paramref name="computedAt"/> in <paramref name="timeZone"/>: the given revenue (default EUR 1,234.50
    /// and USD 99.99 today), 12 users active now, 340 today, peak 25; 10 transactions (2 pending, 5 completed, 2 failed,
    /// 1 refunded), 4 of them today; 1,000 views and 50 purchases (5.0 %), 200 and 8 today (4.0 %); revenue per minute
    /// for every currency over 60 minutes (EUR 10.10 in each of the last 3, USD 5 in the last one) and active users per
    /// minute with the first 30 minutes not computed.
    /// </summary>
    public static CommerceUpdate Update(DateTime computedAt, string timeZone = "UTC", params CurrencyRevenue[] revenue)
    {
        revenue = revenue.Length > 0 ? revenue :
        [
            new CurrencyRevenue("EUR", 10_500.25m, 1_234.50m, 2_000.00m, 5_000.75m),
            new CurrencyRevenue("USD", 300.00m, 99.99m, 150.00m, 250.00m),
        ];
        var minute = MinuteOf(computedAt);
        var minutes = Enumerable.Range(0, 60).Select(i => minute.AddMinutes(i - 59)).ToList();
        var perMinute = revenue.SelectMany(r => minutes.Select((m, i) => new RevenueMinute(m, r.Currency,
            r.Currency == "EUR" && i >= 57 ? 10.10m : r.Currency == "USD" && i == 59 ? 5m : 0m))).ToList();
        var users = minutes.Select((m, i) => new ActiveUsersMinute(m, i < 30 ? null : 5 + i % 7)).ToList();
        return new CommerceUpdate(
            timeZone,
            computedAt.Date,
            revenue,
            new ActiveUsers(12, 340, 25),
            new TransactionCounts(10, 2, 5, 2, 1),
            new TransactionCounts(4, 1, 2, 0, 1),
            new ContentFigures(1000, 50, 0.05, 200, 8, 0.04),
            perMinute,
            users,
            computedAt);
    }

    /// <summary>A tenant whose commerce state is all zeros: the empty domain.</summary>
    public static CommerceUpdate Empty(DateTime computedAt)
    {
        var minute = MinuteOf(computedAt);
        return new CommerceUpdate(
            "UTC", computedAt.Date, [], new ActiveUsers(0, 0, 0), new TransactionCounts(0, 0, 0, 0, 0), new TransactionCounts(0, 0, 0, 0, 0),
            new ContentFigures(0, 0, null, 0, 0, null), [],
            [.. Enumerable.Range(0, 60).Select(i => new ActiveUsersMinute(minute.AddMinutes(i - 59), null))],
            computedAt);
    }

    /// <summary>Publishes <paramref name="update"/> on <c>commerce</c> as a snapshot.</summary>
    public static Task PublishCommerceAsync(DashboardServer server, string tenant, CommerceUpdate update) =>
        server.PublishAsync(tenant, Topics.Commerce, CommerceMessageTypes.CommerceUpdate, update, isSnapshot: true);
}
