using Dashboard.Calendar;
using Dashboard.Commerce;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Commerce;

/// <summary>
/// Today, this week and this month of revenue and transactions in the tenant's own zone: UTC, America/New_York on the
/// day it springs forward (2026-03-08, a 23-hour day) and Asia/Kolkata (+05:30). Completed transactions sit one second
/// each side of every boundary; the boundaries are written out here, not taken from the calendar under test. Rows are
/// written as the fold writes them (this tests the calculator's SQL and the revenue report).
/// </summary>
public sealed class CommerceCalendarTests : FreshDatabaseTests
{
    // Sunday 2026-03-08 12:00 UTC: 08:00 EDT (clocks went forward at 02:00 local) and 17:30 IST.
    private static readonly DateTime Now = new(2026, 3, 8, 12, 0, 0, DateTimeKind.Utc);

    public static TheoryData<string, string, string, string, string> Zones() => new()
    {
        // zone, month start, week start (Monday), day start, next day start (all UTC)
        { "UTC", "2026-03-01T00:00:00Z", "2026-03-02T00:00:00Z", "2026-03-08T00:00:00Z", "2026-03-09T00:00:00Z" },
        // Midnight is still EST (-05:00); the next midnight is EDT (-04:00): 23 hours later.
        { "America/New_York", "2026-03-01T05:00:00Z", "2026-03-02T05:00:00Z", "2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z" },
        { "Asia/Kolkata", "2026-02-28T18:30:00Z", "2026-03-01T18:30:00Z", "2026-03-07T18:30:00Z", "2026-03-08T18:30:00Z" },
    };

    [Theory]
    [MemberData(nameof(Zones))]
    public async Task Today_this_week_and_this_month_follow_the_tenants_zone_to_the_second(string zone, string month, string week, string day, string nextDay)
    {
        var (monthStart, weekStart, dayStart, nextDayStart) = (Utc(month), Utc(week), Utc(day), Utc(nextDay));
        Db.Tenants["shop"] = new TenantSettings { TimeZone = zone };
        Db.Clock.Advance(Now - Db.Now);
        var rows = new CommerceTestRows(Db.DataSource, "shop");
        var second = TimeSpan.FromSeconds(1);
        // Each amount a different power of two (in cents), so every sum says exactly which transactions it holds.
        await rows.TransactionAsync("m-1", "completed", 0.01m, "EUR", monthStart - second);
        await rows.TransactionAsync("m0", "completed", 0.02m, "EUR", monthStart);
        await rows.TransactionAsync("w-1", "completed", 0.04m, "EUR", weekStart - second);
        await rows.TransactionAsync("w0", "completed", 0.08m, "EUR", weekStart);
        await rows.TransactionAsync("d-1", "completed", 0.16m, "EUR", dayStart - second);
        await rows.TransactionAsync("d0", "completed", 0.32m, "EUR", dayStart);
        await rows.TransactionAsync("n-1", "completed", 0.64m, "EUR", nextDayStart - second);
        await rows.TransactionAsync("n0", "completed", 1.28m, "EUR", nextDayStart);
        await rows.TransactionAsync("p-1", "pending", 5m, "EUR", dayStart - second);
        await rows.TransactionAsync("p0", "pending", 5m, "EUR", dayStart);
        await rows.TransactionAsync("f0", "failed", 7m, "USD", dayStart);

        var update = (await Db.CommerceCalculator.ComputeAsync(["shop"], Db.Now, recordPeak: false, CancellationToken.None)).Single().Update;

        Assert.Equal((zone, dayStart), (update.TimeZone, update.WindowStart));
        // Only EUR has revenue; the failed USD transaction makes no revenue entry.
        var eur = Assert.Single(update.Revenue);
        Assert.Equal(new CurrencyRevenue("EUR", 2.55m, 0.32m + 0.64m, 0.08m + 0.16m + 0.32m + 0.64m, 0.02m + 0.04m + 0.08m + 0.16m + 0.32m + 0.64m), eur);
        Assert.Equal(new TransactionCounts(11, 2, 8, 1, 0), update.Transactions);
        Assert.Equal(new TransactionCounts(4, 1, 2, 1, 0), update.TransactionsToday);

        // The report's local days: the day before yesterday, yesterday (d-1) and today (d0, n-1); n0 is tomorrow.
        var reader = new CommerceReportsReader(Db.DataSource, Db.TimeZones);
        var report = await reader.RevenueAsync("shop", 3, Db.Now, CancellationToken.None);
        // Two whole days before today: the EST days before the change are 24 hours.
        Assert.Equal((zone, 3, dayStart.AddDays(-2)), (report.TimeZone, report.Days, report.WindowStart));
        Assert.Equal(
            [(new DateOnly(2026, 3, 6), 0m, 0L), (new DateOnly(2026, 3, 7), 0.16m, 1L), (new DateOnly(2026, 3, 8), 0.96m, 2L)],
            report.PerDay.Select(d => (d.Day, d.Amount, d.Transactions)).ToArray());
        Assert.All(report.PerDay, d => Assert.Equal("EUR", d.Currency));
    }

    private static DateTime Utc(string instant) => DateTime.Parse(instant, null, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);
}
