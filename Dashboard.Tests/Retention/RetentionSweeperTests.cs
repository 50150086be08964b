using Dashboard.Retention;
using Dashboard.Rollups;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Rollups;
using Npgsql;

namespace Dashboard.Tests.Retention;

/// <summary>
/// The retention job's logic on a fresh database with a manual clock at 2025-06-01 12:00 UTC, in batches of 3 rows so
/// every step loops: with Days = 30 raw history before 2025-05-02 12:00 goes; with RollupDays = 400 roll-ups of days
/// before 2024-04-27 go.
/// </summary>
public sealed class RetentionSweeperTests : FreshDatabaseTests
{
    private static readonly DateTime RawCutoff = new(2025, 5, 2, 12, 0, 0, DateTimeKind.Utc);

    private RetentionSweeper Sweeper(int days = 30, int rollupDays = 400) =>
        new(Db.DataSource, Microsoft.Extensions.Options.Options.Create(new RetentionOptions { Days = days, RollupDays = rollupDays }), Db.Clock) { BatchRows = 3 };

    [Fact]
    public async Task Folded_events_older_than_Days_are_deleted_but_never_one_the_fold_has_not_passed()
    {
        var t = Tenants.New();
        for (var i = 0; i < 7; i++)
        {
            await Db.InsertAsync(t, "call.started", RawCutoff.AddDays(-1 - i), new { callId = $"old{i}", campaignId = "c-1" }, $"old{i}");
        }

        await Db.InsertAsync(t, "call.ended", RawCutoff.AddDays(-2), new { callId = "old1", outcome = "busy" }, "end1");
        await Db.InsertAsync(t, "call.ended", RawCutoff.AddDays(-3), new { callId = "old2", outcome = "busy" }, "end2");
        await Db.InsertAsync(t, "call.started", RawCutoff, new { callId = "edge", campaignId = "c-1" }, "edge");
        await Db.InsertAsync(t, "call.started", Db.Now.AddDays(-1), new { callId = "recent", campaignId = "c-1" }, "recent");
        await Db.FoldAllAsync();
        // Old, but committed after the fold's last pass: kept until the fold has applied them.
        await Db.InsertAsync(t, "call.started", RawCutoff.AddDays(-2), new { callId = "late1", campaignId = "c-1" }, "late1");
        await Db.InsertAsync(t, "call.started", RawCutoff.AddDays(-3), new { callId = "late2", campaignId = "c-1" }, "late2");

        var first = await Sweeper().RunAsync(CancellationToken.None);
        Assert.Equal(9, first["events"]);
        Assert.Equal(["edge", "late1", "late2", "recent"], await EventIdsAsync(t));

        await Db.FoldAllAsync();
        Assert.Equal(2, (await Sweeper().RunAsync(CancellationToken.None))["events"]);
        Assert.Equal(["edge", "recent"], await EventIdsAsync(t));
        Assert.Equal(0, (await Sweeper().RunAsync(CancellationToken.None))["events"]);

        // The campaign counters are cumulative: the attempts and busy outcomes of deleted events still count.
        var campaign = (await Db.ComputeAsync(t)).Campaigns.Campaigns.Single();
        Assert.Equal((11L, 2L), (campaign.TotalAttempts, campaign.Busy));
    }

    [Fact]
    public async Task Calls_that_ended_more_than_Days_ago_and_lost_ones_are_deleted_and_active_and_recent_ones_kept()
    {
        var t1 = Tenants.New();
        var t2 = Tenants.New();
        for (var i = 0; i < 4; i++)
        {
            await InsertCallAsync(t1, $"old{i}", RawCutoff.AddDays(-10), RawCutoff.AddDays(-9 + i).AddSeconds(-1));
        }

        await InsertCallAsync(t1, "active", Db.Now.AddMinutes(-5), ended: null);
        // Started before the cutoff and never ended: its end event was lost.
        await InsertCallAsync(t1, "lost", RawCutoff.AddDays(-40), ended: null);
        await InsertCallAsync(t1, "edge", RawCutoff.AddMinutes(-1), RawCutoff);
        await InsertCallAsync(t1, "recent", Db.Now.AddDays(-3), Db.Now.AddDays(-3).AddMinutes(2));
        await InsertCallAsync(t2, "old", RawCutoff.AddDays(-100), RawCutoff.AddDays(-100));
        await ExecuteAsync("INSERT INTO fold_tenants (tenant) VALUES ($1), ($2)", t1, t2);

        Assert.Equal(6, (await Sweeper().RunAsync(CancellationToken.None))["calls"]);
        Assert.Equal(["active", "edge", "recent"], await CallIdsAsync(t1));
        Assert.Empty(await CallIdsAsync(t2));
        Assert.Equal(0, (await Sweeper().RunAsync(CancellationToken.None))["calls"]);

        // A shorter retention reaches further.
        Assert.Equal(1, (await Sweeper(days: 5).RunAsync(CancellationToken.None))["calls"]);
        Assert.Equal(["active", "recent"], await CallIdsAsync(t1));
    }

    [Fact]
    public async Task Roll_ups_of_days_past_RollupDays_are_deleted_and_hours_the_roll_up_still_owes_are_kept()
    {
        var t = Tenants.New();
        var db = Db.DataSource;
        var lastDeleted = new DateOnly(2024, 4, 26);
        var firstKept = new DateOnly(2024, 4, 27);
        for (var i = 0; i < 4; i++)
        {
            await RollupRows.DayAsync(db, RollupTable.Calls, t, lastDeleted.AddDays(-i), "a1", ("calls", 1));
        }

        await RollupRows.DayAsync(db, RollupTable.Calls, t, firstKept, "a1", ("calls", 2));
        await RollupRows.DayAsync(db, RollupTable.Queues, t, new DateOnly(2024, 1, 1), "support", ("offered", 1));
        await RollupRows.DayAsync(db, RollupTable.Queues, t, new DateOnly(2025, 5, 1), "support", ("offered", 3));
        await RollupRows.DayAsync(db, RollupTable.Agents, t, lastDeleted, "a1", ("available_seconds", 60));
        await RollupRows.HourAsync(db, RollupTable.Calls, t, new DateTime(2024, 4, 26, 23, 0, 0), "a1", ("calls", 4));
        await RollupRows.HourAsync(db, RollupTable.Calls, t, new DateTime(2024, 4, 27, 0, 0, 0), "a1", ("calls", 8));
        // Older than Days (30) but not RollupDays: the roll-up moves it into its day, retention leaves it.
        await RollupRows.HourAsync(db, RollupTable.Calls, t, new DateTime(2025, 4, 1, 9, 0, 0), "a1", ("calls", 16));

        var result = await Sweeper().RunAsync(CancellationToken.None);
        Assert.Equal((4L, 1L, 1L), (result["call_daily"], result["queue_daily"], result["agent_daily"]));
        Assert.Equal((1L, 1L, 6L), (result["call_hourly"], result.Hourly, result.Daily));
        Assert.Equal((1L, 1L, 0L), (await RollupRows.CountAsync(db, "call_daily", t), await RollupRows.CountAsync(db, "queue_daily", t), await RollupRows.CountAsync(db, "agent_daily", t)));
        Assert.Equal(2, await RollupRows.CountAsync(db, "call_hourly", t));

        Assert.Equal(2, (await new DailyRollup(db, Db.TimeZones, Db.Clock).RunAsync(CancellationToken.None)).Moved);
        Assert.Equal(10, await RollupRows.DailyAsync(db, RollupTable.Calls, t, firstKept, "a1", "calls"));
        Assert.Equal(16, await RollupRows.DailyAsync(db, RollupTable.Calls, t, new DateOnly(2025, 4, 1), "a1", "calls"));
        Assert.Equal(0, (await Sweeper().RunAsync(CancellationToken.None)).DeletedByTable.Values.Sum());
    }

    private async Task InsertCallAsync(string tenant, string callId, DateTime started, DateTime? ended)
    {
        await using var cmd = Db.DataSource.CreateCommand(
            "INSERT INTO calls (tenant, call_id, campaign_id, started_at, ended_at, outcome) VALUES ($1, $2, 'c-1', $3, $4, $5)");
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(callId);
        cmd.Parameters.AddWithValue(started);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)ended ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        cmd.Parameters.AddWithValue(ended is null ? DBNull.Value : "completed");
        await cmd.ExecuteNonQueryAsync();
    }

    private async Task ExecuteAsync(string sql, params object[] values)
    {
        await using var cmd = Db.DataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            cmd.Parameters.AddWithValue(value);
        }

        await cmd.ExecuteNonQueryAsync();
    }

    private Task<List<string>> EventIdsAsync(string tenant) => Db.StringsAsync("SELECT event_id FROM events WHERE tenant = $1 ORDER BY 1", tenant);

    private Task<List<string>> CallIdsAsync(string tenant) => Db.StringsAsync("SELECT call_id FROM calls WHERE tenant = $1 ORDER BY 1", tenant);
}
