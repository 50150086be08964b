using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Commerce;

/// <summary>
/// <c>commerce_users_today</c> counts the distinct users active since the start of the tenant's business day, in its own
/// zone: exact at every fold, recounted when the day turns, and equal to a full count over <c>commerce_users</c>
/// (docs/metrics.md §7).
/// </summary>
public sealed class CommerceUsersTodayTests : FreshDatabaseTests
{
    [Fact]
    public async Task Todays_users_follow_the_tenants_own_midnight_in_asia_kolkata()
    {
        Db.Tenants["in"] = new() { TimeZone = "Asia/Kolkata" };
        // 2025-06-01 18:00Z is 23:30 in Kolkata (+05:30): its day began at 2025-05-31 18:30Z; UTC's at 2025-06-01 00:00Z.
        Db.Clock.Advance(TimeSpan.FromHours(6));
        Assert.Equal(new DateTime(2025, 6, 1, 18, 0, 0, DateTimeKind.Utc), Db.Now);

        await ActiveAsync(("u-1", "2025-06-01T17:00:00Z"), ("u-2", "2025-06-01T18:00:00Z"), ("u-early", "2025-06-01T01:00:00Z"));
        // u-early was active at 06:30 local on 1 June: today in both zones.
        await AssertTodayAsync("in", "2025-05-31 18:30", 3);
        await AssertTodayAsync("utc", "2025-06-01 00:00", 3);

        // 31 May 18:00Z is 23:30 on 31 May in Kolkata and 31 May in UTC: yesterday for both; u-1 was already counted.
        await ActiveAsync(("u-3", "2025-05-31T18:00:00Z"), ("u-1", "2025-06-01T17:50:00Z"));
        await AssertTodayAsync("in", "2025-05-31 18:30", 3);
        await AssertTodayAsync("utc", "2025-06-01 00:00", 3);

        // 45 minutes on: 00:15 on 2 June in Kolkata, still 1 June in UTC.
        Db.Clock.Advance(TimeSpan.FromMinutes(45));
        await ActiveAsync(("u-2", "2025-06-01T18:40:00Z"));
        // Kolkata's new day: recounted from commerce_users, only u-2 since 18:30Z. UTC's day goes on: u-2 was counted already.
        await AssertTodayAsync("in", "2025-06-01 18:30", 1);
        await AssertTodayAsync("utc", "2025-06-01 00:00", 3);

        // u-1 moves from yesterday (17:50Z) into today; u-4's 18:20Z is before Kolkata's midnight but today in UTC.
        await ActiveAsync(("u-1", "2025-06-01T18:44:00Z"), ("u-4", "2025-06-01T18:20:00Z"));
        await AssertTodayAsync("in", "2025-06-01 18:30", 2);
        await AssertTodayAsync("utc", "2025-06-01 00:00", 4);
    }

    // The same user.active events for a tenant in Kolkata ("in") and one in UTC ("utc").
    private async Task ActiveAsync(params (string User, string At)[] events)
    {
        foreach (var (user, at) in events)
        {
            var time = DateTime.Parse(at, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);
            await Db.InsertAsync("in", "user.active", time, new { userId = user });
            await Db.InsertAsync("utc", "user.active", time, new { userId = user });
        }

        await Db.FoldAllAsync();
    }

    private async Task AssertTodayAsync(string tenant, string dayStart, int users)
    {
        Assert.Equal([$"{dayStart}|{users}"], await Db.StringsAsync(CommerceTables.UsersToday, tenant));
        // The incremental count is the full count.
        Assert.Equal(
            [users.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            await Db.StringsAsync(
                "SELECT count(*)::text FROM commerce_users u JOIN commerce_users_today t USING (tenant) WHERE u.tenant = $1 AND u.last_active >= t.day_start",
                tenant));
    }
}
