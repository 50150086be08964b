using Dashboard.BusinessSeries;
using Dashboard.Calendar;
using Dashboard.Realtime;
using Dashboard.Tests.Infrastructure;
using System.Text.Json;

namespace Dashboard.Tests.Commerce;

/// <summary>
/// The 1 s tick publishing <c>commerce_update</c>: active-user windows (now = the last 5 minutes, today, the 24-hour peak
/// the tick records), a live tenant's figures moving with the clock alone, publishing only on a change, and no snapshot
/// for a tenant without commerce. State rows are written by hand (what the fold writes); the clock is a
/// <see cref="ManualTimeProvider"/> (2025-06-01 12:00 UTC, a Sunday).
/// </summary>
public sealed class CommerceRunnerTests : FreshDatabaseTests
{
    [Fact]
    public async Task Active_users_count_the_last_5_minutes_inclusive_today_and_the_fold_count_only_for_todays_start()
    {
        Db.Tenants["kol"] = new TenantSettings { TimeZone = "Asia/Kolkata" };
        var rows = new CommerceTestRows(Db.DataSource, "kol");
        var now = Db.Now;
        // Kolkata's day began at 2025-05-31 18:30 UTC.
        var dayStart = new DateTime(2025, 5, 31, 18, 30, 0, DateTimeKind.Utc);
        await rows.UserAsync("at-5min", now.AddMinutes(-5));
        await rows.UserAsync("at-1min", now.AddMinutes(-1));
        await rows.UserAsync("at-5min-1ms", now.AddMinutes(-5).AddMilliseconds(-1));
        await rows.UserAsync("early-today", dayStart);
        await rows.UserAsync("yesterday", dayStart.AddSeconds(-1));

        var update = await ComputeAsync("kol");
        Assert.Equal(new Dashboard.Commerce.ActiveUsers(2, 4, 2), update.ActiveUsers);
        Assert.Equal(dayStart, update.WindowStart);

        // The fold's count is taken when it is for today's start, in the tenant's zone ...
        await rows.UsersTodayAsync(dayStart, 42);
        Assert.Equal(42, (await ComputeAsync("kol")).ActiveUsers.Today);
        // ... and not when it is for another day (or the UTC day): then the calculator counts, read-only.
        await rows.UsersTodayAsync(new DateTime(2025, 6, 1, 0, 0, 0, DateTimeKind.Utc), 42);
        Assert.Equal(4, (await ComputeAsync("kol")).ActiveUsers.Today);
        Assert.Equal(42, await ScalarAsync("SELECT users FROM commerce_users_today WHERE tenant = 'kol'"));
        // A REST read records no peak.
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM commerce_active_minutes"));
    }

    [Fact]
    public async Task A_live_tenant_is_published_when_its_figures_change_with_the_clock_and_never_when_nothing_changed()
    {
        var rows = new CommerceTestRows(Db.DataSource, "shop");
        var t0 = Db.Now;
        await rows.UserAsync("u1", t0.AddMinutes(-4));
        await rows.UserAsync("u2", t0.AddSeconds(-10));
        await rows.TransactionAsync("tx1", "completed", 19.99m, "EUR", t0.AddSeconds(-30));
        await rows.ContentAsync("c1", 4, 1, t0.AddMinutes(-2));
        await rows.ChangedAsync();
        var commerce = new RecordingSubscriber().Subscribe(Db.Hub, "shop", Topics.Commerce);

        await Db.Runner.RunAsync(CancellationToken.None);
        var first = RecordingSubscriber.Data(Assert.Single(commerce.Messages));
        Assert.Equal((2, 2, 2), Users(first));
        Assert.Equal(19.99m, first.GetProperty("revenue")[0].GetProperty("today").GetDecimal());
        var minutes = first.GetProperty("revenuePerMinute");
        Assert.Equal(60, minutes.GetArrayLength());
        Assert.Equal((t0.AddMinutes(-1), 19.99m), (minutes[58].GetProperty("minute").GetDateTime().ToUniversalTime(), minutes[58].GetProperty("amount").GetDecimal()));
        Assert.Equal(0.25, first.GetProperty("content").GetProperty("conversionRate").GetDouble());
        Assert.Equal(2, first.GetProperty("activeUsersPerMinute")[59].GetProperty("peak").GetInt64());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("activeUsersPerMinute")[58].GetProperty("peak").ValueKind);

        // A second later nothing but computedAt differs: recomputed (live), not published.
        Db.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, (await Db.Runner.RunAsync(CancellationToken.None)).TenantsComputed);
        Assert.Single(commerce.Messages);

        // Three more users: the 24-hour peak follows.
        foreach (var u in new[] { "u3", "u4", "u5" })
        {
            await rows.UserAsync(u, Db.Now);
        }

        await rows.ChangedAsync();
        await Db.Runner.RunAsync(CancellationToken.None);
        Assert.Equal((5, 5, 5), Users(RecordingSubscriber.Data(commerce.Messages[^1])));

        // At t0 + 61 s, no event: u1 (active at t0 - 4 min) has left the 5-minute window (at t0 + 60 s it was still in:
        // the window includes its start). The peak of the previous minute stays 5.
        Db.Clock.Advance(TimeSpan.FromSeconds(60));
        await Db.Runner.RunAsync(CancellationToken.None);
        var dropped = RecordingSubscriber.Data(commerce.Messages[^1]);
        Assert.Equal((4, 5, 5), Users(dropped));
        var perMinute = dropped.GetProperty("activeUsersPerMinute");
        Assert.Equal((5L, 4L), (perMinute[58].GetProperty("peak").GetInt64(), perMinute[59].GetProperty("peak").GetInt64()));

        // Six minutes on, everyone has left: current 0, still published (the live margin), the peak remembered.
        Db.Clock.Advance(TimeSpan.FromMinutes(6));
        await Db.Runner.RunAsync(CancellationToken.None);
        var gone = RecordingSubscriber.Data(commerce.Messages[^1]);
        Assert.Equal((0, 5, 5), Users(gone));
        Assert.Equal(19.99m, gone.GetProperty("revenuePerMinute").EnumerateArray().Sum(m => m.GetProperty("amount").GetDecimal()));

        // An hour after the sale it leaves revenuePerMinute: published once more, then the tenant is quiet.
        Db.Clock.Advance(TimeSpan.FromMinutes(55));
        await Db.Runner.RunAsync(CancellationToken.None);
        var hourLater = RecordingSubscriber.Data(commerce.Messages[^1]);
        Assert.Equal(0, hourLater.GetProperty("revenuePerMinute").GetArrayLength());
        Assert.Equal(19.99m, hourLater.GetProperty("revenue")[0].GetProperty("today").GetDecimal());
        Assert.Equal(5, hourLater.GetProperty("activeUsers").GetProperty("peak24h").GetInt64());
        var published = commerce.Messages.Count;
        Db.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, (await Db.Runner.RunAsync(CancellationToken.None)).TenantsComputed);
        Assert.Equal(published, commerce.Messages.Count);

        // The next day (UTC here): recomputed once at midnight, today's figures and, 24 h on, the peak start again.
        Db.Clock.Advance(new DateTime(2025, 6, 2, 12, 2, 0, DateTimeKind.Utc) - Db.Now);
        await Db.Runner.RunAsync(CancellationToken.None);
        var tomorrow = RecordingSubscriber.Data(commerce.Messages[^1]);
        Assert.Equal((0, 0, 0), Users(tomorrow));
        Assert.Equal((0m, 19.99m), (tomorrow.GetProperty("revenue")[0].GetProperty("today").GetDecimal(), tomorrow.GetProperty("revenue")[0].GetProperty("total").GetDecimal()));
        Assert.Equal(0, tomorrow.GetProperty("transactionsToday").GetProperty("total").GetInt64());
        Assert.Equal(0, tomorrow.GetProperty("content").GetProperty("viewsToday").GetInt64());
        Assert.Equal(JsonValueKind.Null, tomorrow.GetProperty("content").GetProperty("conversionRateToday").ValueKind);
    }

    [Fact]
    public async Task A_tenant_without_commerce_gets_no_snapshot_and_the_business_gauges_read_a_published_one()
    {
        await Db.InsertAsync("voice", "call.started", Db.Now.AddMinutes(-5), new { callId = "v1", campaignId = "c-1" });
        await Db.FoldAllAsync();
        var rows = new CommerceTestRows(Db.DataSource, "shop");
        await rows.UserAsync("u1", Db.Now);
        await rows.TransactionAsync("tx1", "completed", 1234567.891m, "KWD", Db.Now.AddMinutes(-1));
        await rows.TransactionAsync("tx2", "pending", 5m, "USD", Db.Now.AddMinutes(-1));
        await rows.ChangedAsync();

        await Db.Runner.RunAsync(CancellationToken.None);

        Assert.True(Db.Hub.SnapshotSeq("voice", Topics.Metrics) > 0);
        Assert.Equal(0, Db.Hub.SnapshotSeq("voice", Topics.Commerce));
        var samples = BusinessSeriesReader.Read(Db.Hub, Db.Now)
            .Where(s => s.Gauge is BusinessGauge.CommerceActiveUsers or BusinessGauge.CommerceRevenue or BusinessGauge.CommerceTransactions)
            .Select(s => (s.Gauge, string.Join(",", s.LabelValues), s.Value))
            .ToList();
        Assert.Equal(
            [
                (BusinessGauge.CommerceActiveUsers, "shop,current", 1.0),
                (BusinessGauge.CommerceActiveUsers, "shop,today", 1.0),
                (BusinessGauge.CommerceRevenue, "shop,KWD,today", 1234567.891),
                (BusinessGauge.CommerceRevenue, "shop,KWD,total", 1234567.891),
                (BusinessGauge.CommerceTransactions, "shop,pending", 1.0),
                (BusinessGauge.CommerceTransactions, "shop,completed", 1.0),
                (BusinessGauge.CommerceTransactions, "shop,failed", 0.0),
                (BusinessGauge.CommerceTransactions, "shop,refunded", 0.0),
            ],
            samples);
    }

    private static (long Current, long Today, long Peak) Users(JsonElement data)
    {
        var users = data.GetProperty("activeUsers");
        return (users.GetProperty("current").GetInt64(), users.GetProperty("today").GetInt64(), users.GetProperty("peak24h").GetInt64());
    }

    private async Task<Dashboard.Commerce.CommerceUpdate> ComputeAsync(string tenant) =>
        (await Db.CommerceCalculator.ComputeAsync([tenant], Db.Now, recordPeak: false, CancellationToken.None)).Single().Update;

    private async Task<long> ScalarAsync(string sql)
    {
        await using var cmd = Db.DataSource.CreateCommand(sql);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
