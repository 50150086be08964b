using Dashboard.Queues;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Queues;

/// <summary>
/// Queue and agent "today" in the tenant's zone (<c>Tenants:{tenant}:TimeZone</c>): the fixtures of
/// <see cref="QueueMetricsCalculatorTests"/> moved to Asia/Kolkata, and the day boundaries of America/New_York across its
/// 23-hour (2026-03-08) and 25-hour (2026-11-01) days, on quarter-hour rows as the fold writes them.
/// </summary>
public sealed class QueueTodayInZonesTests : FreshDatabaseTests
{
    // 2026-03-09 00:00 in Asia/Kolkata (+05:30).
    private static readonly DateTime KolkataMidnight = new(2026, 3, 8, 18, 30, 0, DateTimeKind.Utc);

    private static DateTime Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Kolkata_today_starts_at_local_midnight_and_sums_the_same_figures()
    {
        var tenant = Tenants.New();
        Db.Tenants[tenant] = new() { TimeZone = "Asia/Kolkata" };
        var rows = new QueueRows(Db.DataSource, tenant);
        // The quarter just before local midnight (18:15 UTC) is yesterday, whatever it holds; it is today in UTC.
        await rows.QueueHourAsync(KolkataMidnight.AddMinutes(-15), "support", offered: 50, answered: 50, within: 50, abandoned: 0, answerWait: 50, handled: 50, talk: 5000, acw: 0);
        await rows.QueueHourAsync(KolkataMidnight, "support", offered: 8, answered: 6, within: 4, abandoned: 2, answerWait: 60, handled: 5, talk: 700, acw: 100);
        await rows.QueueHourAsync(KolkataMidnight.AddMinutes(45), "support", offered: 2, answered: 2, within: 2, abandoned: 0, answerWait: 36, handled: 1, talk: 200, acw: 0);
        var now = KolkataMidnight.AddHours(1);

        var m = (await Db.QueueCalculator.ComputeAsync([tenant], now, CancellationToken.None)).Single();

        var support = Assert.Single(m.Queue.Queues);
        Assert.Equal((10L, 8L, 6L, 2L, 6L), (support.Offered, support.Answered, support.AnsweredWithinThreshold, support.Abandoned, support.Handled));
        Assert.Equal(0.6, support.ServiceLevel!.Value, 12);
        Assert.Equal(12, support.AsaSeconds!.Value, 12);
        Assert.Equal((KolkataMidnight, "Asia/Kolkata"), (m.Queue.WindowStart, m.Queue.TimeZone));
        Assert.Equal((KolkataMidnight, "Asia/Kolkata"), (m.Agents.WindowStart, m.Agents.TimeZone));

        // The same rows for a UTC tenant: 18:15 UTC is today there (2026-03-08), 60 offered.
        Db.Tenants.Remove(tenant);
        var utc = (await Db.QueueCalculator.ComputeAsync([tenant], now, CancellationToken.None)).Single();
        Assert.Equal((60L, new DateTime(2026, 3, 8, 0, 0, 0, DateTimeKind.Utc), "UTC"), (utc.Queue.Totals.Offered, utc.Queue.WindowStart, utc.Queue.TimeZone));
    }

    [Fact]
    public async Task Kolkata_occupancy_clips_open_intervals_at_local_midnight_and_tenants_of_two_zones_compute_in_one_batch()
    {
        var kolkata = Tenants.New();
        var london = Tenants.New();
        Db.Tenants[kolkata] = new() { TimeZone = "Asia/Kolkata" };
        var rows = new QueueRows(Db.DataSource, kolkata);
        await rows.AgentHourAsync(KolkataMidnight.AddMinutes(-15), "a-1", available: 0, onCall: 900, acw: 0);
        await rows.AgentHourAsync(KolkataMidnight, "a-1", available: 1200, onCall: 900, acw: 300);
        // Open: a-2 available since 23:00 IST yesterday: 3600 s today at 01:00 IST.
        await rows.AgentAsync("a-2", "available", KolkataMidnight.AddHours(-1), ["support"]);
        var other = new QueueRows(Db.DataSource, london);
        await other.QueueHourAsync(KolkataMidnight.AddMinutes(-15), "support", offered: 3, answered: 0, within: 0, abandoned: 3, answerWait: 0, handled: 0, talk: 0, acw: 0);
        var now = KolkataMidnight.AddHours(1);

        var all = await Db.QueueCalculator.ComputeAsync([kolkata, london], now, CancellationToken.None);

        // 1200 / (1200 + 3600 + 1200): the quarter before local midnight is yesterday.
        Assert.Equal(Math.Round(1200.0 / 6000, 4), all[0].Agents.Occupancy);
        Assert.Equal(KolkataMidnight, all[0].Agents.WindowStart);
        Assert.Equal((3L, "UTC", new DateTime(2026, 3, 8, 0, 0, 0, DateTimeKind.Utc)), (all[1].Queue.Totals.Offered, all[1].Queue.TimeZone, all[1].Queue.WindowStart));
    }

    [Fact]
    public async Task New_York_spring_forward_day_is_23_hours_of_quarters_and_the_next_starts_at_midnight_EDT()
    {
        var tenant = Tenants.New();
        Db.Tenants[tenant] = new() { TimeZone = "America/New_York" };
        var rows = new QueueRows(Db.DataSource, tenant);
        await Offered(rows, Utc(3, 8, 4, 45), 1); // 23:45 EST on the 7th
        await Offered(rows, Utc(3, 8, 5), 10); // 00:00 EST on the 8th
        await Offered(rows, Utc(3, 8, 7), 100); // 03:00 EDT (02:00 never happened)
        await Offered(rows, Utc(3, 9, 3, 45), 1000); // 23:45 EDT on the 8th
        await Offered(rows, Utc(3, 9, 4), 10000); // 00:00 EDT on the 9th

        // Tomorrow's quarter (events stamped ahead of the clock) is not today's.
        var lastQuarter = await ComputeAsync(tenant, Utc(3, 9, 3, 59));
        Assert.Equal((Utc(3, 8, 5), 1110L), (lastQuarter.WindowStart, lastQuarter.Totals.Offered));
        var nextDay = await ComputeAsync(tenant, Utc(3, 9, 4));
        Assert.Equal((Utc(3, 9, 4), 10000L), (nextDay.WindowStart, nextDay.Totals.Offered));
        Assert.Equal(TimeSpan.FromHours(23), nextDay.WindowStart - lastQuarter.WindowStart);
    }

    [Fact]
    public async Task New_York_fall_back_day_is_25_hours_of_quarters_including_both_one_oclocks()
    {
        var tenant = Tenants.New();
        Db.Tenants[tenant] = new() { TimeZone = "America/New_York" };
        var rows = new QueueRows(Db.DataSource, tenant);
        await Offered(rows, Utc(11, 1, 3, 45), 1); // 23:45 EDT on Oct 31
        await Offered(rows, Utc(11, 1, 4), 10); // 00:00 EDT
        await Offered(rows, Utc(11, 1, 5, 30), 100); // 01:30 EDT
        await Offered(rows, Utc(11, 1, 6, 30), 1000); // 01:30 EST, the second one
        await Offered(rows, Utc(11, 2, 4, 45), 10000); // 23:45 EST on Nov 1
        await Offered(rows, Utc(11, 2, 5), 100000); // 00:00 EST on Nov 2

        var lastQuarter = await ComputeAsync(tenant, Utc(11, 2, 4, 59));
        Assert.Equal((Utc(11, 1, 4), 11110L, "America/New_York"), (lastQuarter.WindowStart, lastQuarter.Totals.Offered, lastQuarter.TimeZone));
        var nextDay = await ComputeAsync(tenant, Utc(11, 2, 5));
        Assert.Equal((Utc(11, 2, 5), 100000L), (nextDay.WindowStart, nextDay.Totals.Offered));
        Assert.Equal(TimeSpan.FromHours(25), nextDay.WindowStart - lastQuarter.WindowStart);
    }

    private static Task Offered(QueueRows rows, DateTime quarter, long offered) =>
        rows.QueueHourAsync(quarter, "support", offered, answered: 0, within: 0, abandoned: 0, answerWait: 0, handled: 0, talk: 0, acw: 0);

    private async Task<QueueUpdated> ComputeAsync(string tenant, DateTime now) =>
        (await Db.QueueCalculator.ComputeAsync([tenant], now, CancellationToken.None)).Single().Queue;
}
