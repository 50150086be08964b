using Dashboard.Calendar;
using Dashboard.Chat;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Chat;

/// <summary>
/// The chat figures in a tenant's own time zone (<c>Tenants:{tenant}:TimeZone</c>, docs/metrics.md §1): "today" starts at
/// the tenant's local midnight, including the 23- and 25-hour days of a daylight-saving change, and the messages per hour
/// are local clock hours (in +05:30 they start at :30 UTC), from quarter-hour buckets.
/// </summary>
public sealed class ChatTimeZoneTests : FreshDatabaseTests
{
    [Fact]
    public async Task In_Kolkata_today_starts_at_18_30_UTC_and_hours_start_at_half_past()
    {
        Db.Tenants["in"] = new() { TimeZone = "Asia/Kolkata" };
        var now = new DateTime(2025, 6, 2, 10, 0, 0, DateTimeKind.Utc); // 15:30 IST
        var localMidnight = new DateTime(2025, 6, 1, 18, 30, 0, DateTimeKind.Utc);
        foreach (var tenant in new[] { "in", "utc" })
        {
            var rows = new ChatTestRows(Db.DataSource, tenant);
            await rows.SessionAsync("yesterday", localMidnight.AddMinutes(-40), closedAt: localMidnight.AddMinutes(-10), resolved: true);
            await rows.SessionAsync("today", localMidnight.AddMinutes(-30), closedAt: localMidnight.AddMinutes(10), resolved: true);
            await rows.HourAsync(localMidnight.AddMinutes(-15), "customer", "text", "sent", 7);
            await rows.HourAsync(localMidnight, "customer", "text", "sent", 5);
            await rows.HourAsync(now.AddMinutes(-45), "agent", "text", "read", 2);  // 09:15Z = 14:45 IST
            await rows.HourAsync(now.AddMinutes(-15), "agent", "text", "sent", 4);  // 09:45Z = 15:15 IST
        }

        var india = await ComputeAsync("in", now);
        var utc = await ComputeAsync("utc", now);

        Assert.Equal(("Asia/Kolkata", localMidnight), (india.TimeZone, india.WindowStart));
        Assert.Equal(("UTC", now.Date), (utc.TimeZone, utc.WindowStart));
        // The close 10 minutes after the local midnight is today in Kolkata; both closes are yesterday in UTC.
        Assert.Equal((1L, 1L), (india.Sessions.ClosedToday, india.Sessions.ResolvedToday));
        Assert.Equal(0L, utc.Sessions.ClosedToday);
        Assert.Equal(5 + 2 + 4, india.Messages.Today);
        Assert.Equal(2 + 4, utc.Messages.Today);

        // Local hours: 15:00 IST = 09:30Z holds the 09:45Z bucket, 14:00 IST = 08:30Z the 09:15Z one.
        Assert.Equal(24, india.Messages.PerHour.Count);
        Assert.Equal(new HourCount(now.AddMinutes(-30), 4), india.Messages.PerHour[^1]);
        Assert.Equal(new HourCount(now.AddMinutes(-90), 2), india.Messages.PerHour[^2]);
        Assert.Equal(new HourCount(localMidnight.AddHours(-1), 7), india.Messages.PerHour.Single(h => h.Hour == localMidnight.AddHours(-1)));
        Assert.Equal(new HourCount(localMidnight.AddHours(-1), 7), india.Messages.PeakHour);
        // In UTC the same two buckets fall in one hour.
        Assert.Equal(new HourCount(now.AddHours(-1), 6), utc.Messages.PerHour[^2]);
    }

    [Theory]
    [InlineData("2026-03-08T20:00:00Z", "2026-03-08T05:00:00Z", 23)] // spring forward: 23 hours
    [InlineData("2026-11-01T23:00:00Z", "2026-11-01T04:00:00Z", 25)] // fall back: 25 hours
    public async Task In_New_York_a_daylight_saving_day_has_its_own_length(string nowText, string midnightText, int dayHours)
    {
        Db.Tenants["ny"] = new() { TimeZone = "America/New_York" };
        var now = DateTime.Parse(nowText, null, System.Globalization.DateTimeStyles.AdjustToUniversal);
        var midnight = DateTime.Parse(midnightText, null, System.Globalization.DateTimeStyles.AdjustToUniversal);
        var rows = new ChatTestRows(Db.DataSource, "ny");
        await rows.SessionAsync("before", midnight.AddMinutes(-20), closedAt: midnight.AddMinutes(-1));
        await rows.SessionAsync("first-minute", midnight.AddMinutes(-20), closedAt: midnight);
        await rows.SessionAsync("last-hour", midnight.AddHours(dayHours - 2), closedAt: midnight.AddHours(dayHours).AddMinutes(-1));

        var m = await ComputeAsync("ny", midnight.AddHours(dayHours).AddMinutes(-1));

        Assert.Equal(midnight, m.WindowStart);
        Assert.Equal(2L, m.Sessions.ClosedToday);
        Assert.Equal(midnight.AddHours(dayHours), Db.TimeZones.For("ny").NextDayStart(now));
        // 24 local hours, each one real hour apart here (New York moves by whole hours).
        Assert.Equal(24, m.Messages.PerHour.Select(h => h.Hour).Distinct().Count());
        Assert.All(m.Messages.PerHour.Zip(m.Messages.PerHour.Skip(1)), p => Assert.Equal(TimeSpan.FromHours(1), p.Second.Hour - p.First.Hour));
    }

    [Fact]
    public async Task Tenants_in_different_zones_are_computed_together_each_in_its_own()
    {
        Db.Tenants["np"] = new() { TimeZone = "Asia/Kathmandu" };
        var now = new DateTime(2025, 6, 2, 10, 0, 0, DateTimeKind.Utc);
        await new ChatTestRows(Db.DataSource, "np").SessionAsync("w", now.AddSeconds(-10));
        await new ChatTestRows(Db.DataSource, "utc").SessionAsync("w", now.AddSeconds(-20));

        var all = await Db.ChatCalculator.ComputeAsync(["np", "utc"], now, CancellationToken.None);

        var byTenant = all.ToDictionary(m => m.Tenant, m => m.Update);
        Assert.Equal(("Asia/Kathmandu", new DateTime(2025, 6, 1, 18, 15, 0, DateTimeKind.Utc)), (byTenant["np"].TimeZone, byTenant["np"].WindowStart));
        // 10:00Z is 15:45 in Kathmandu: its hour started at 09:15Z.
        Assert.Equal(new DateTime(2025, 6, 2, 9, 15, 0, DateTimeKind.Utc), byTenant["np"].Messages.PerHour[^1].Hour);
        Assert.Equal(("UTC", now.Date), (byTenant["utc"].TimeZone, byTenant["utc"].WindowStart));
        Assert.Equal((10.0, 20.0), (byTenant["np"].LongestWaitSeconds, byTenant["utc"].LongestWaitSeconds));
    }

    private async Task<ChatUpdate> ComputeAsync(string tenant, DateTime now) =>
        (await Db.ChatCalculator.ComputeAsync([tenant], now, CancellationToken.None)).Single().Update;
}
