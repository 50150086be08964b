using Dashboard.Calendar;
using Dashboard.Calls;
using Dashboard.Rollups;
using Dashboard.Tests.Infrastructure;
using Npgsql;

namespace Dashboard.Tests.Rollups;

/// <summary>
/// The roll-up job's logic on a fresh database with a manual clock at 2025-06-01 12:00 UTC: hours before 2025-05-24
/// 00:00 (days that ended 8 days ago) move into their days, exactly once.
/// </summary>
public sealed class DailyRollupTests : FreshDatabaseTests
{
    private static readonly DateOnly May20 = new(2025, 5, 20);

    private DailyRollup Rollup(int batchRows = DailyRollup.DefaultBatchRows) => new(Db.DataSource, Db.TimeZones, Db.Clock) { BatchRows = batchRows };

    private static DateTime At(int month, int day, int hour) => new(2025, month, day, hour, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void The_cutoff_is_midnight_of_the_day_eight_days_ago()
    {
        Assert.Equal(At(5, 24, 0), DailyRollup.Cutoff(BusinessCalendar.Utc, new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero)));
        Assert.Equal(At(5, 24, 0), DailyRollup.Cutoff(BusinessCalendar.Utc, new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(At(5, 23, 0), DailyRollup.Cutoff(BusinessCalendar.Utc, new DateTimeOffset(2025, 5, 31, 23, 59, 59, TimeSpan.Zero)));
    }

    [Fact]
    public async Task Hours_of_days_older_than_eight_days_move_into_their_days_and_per_day_totals_do_not_change()
    {
        var t = Tenants.New();
        var db = Db.DataSource;
        await RollupRows.HourAsync(db, RollupTable.Calls, t, At(5, 20, 0), "a1", ("calls", 3), ("ended", 2), ("answered", 2), ("duration_sum", 100), ("duration_count", 2), ("outcome_completed", 1), ("outcome_converted", 1));
        await RollupRows.HourAsync(db, RollupTable.Calls, t, At(5, 20, 23), "a1", ("calls", 1), ("ended", 1), ("answered", 1), ("duration_sum", 50), ("duration_count", 1), ("outcome_completed", 1));
        await RollupRows.HourAsync(db, RollupTable.Calls, t, At(5, 20, 23), "", ("calls", 2), ("ended", 2), ("outcome_no_answer", 2));
        await RollupRows.HourAsync(db, RollupTable.Calls, t, At(5, 23, 23), "a1", ("calls", 1));
        await RollupRows.HourAsync(db, RollupTable.Calls, t, At(5, 24, 0), "a1", ("calls", 4));
        await RollupRows.HourAsync(db, RollupTable.Queues, t, At(5, 21, 10), "support", ("offered", 2), ("answered", 1), ("answered_within", 1), ("abandoned", 1), ("answer_wait_sum", 12.5), ("abandon_wait_sum", 40), ("handled", 1), ("talk_sum", 200), ("acw_sum", 30));
        await RollupRows.HourAsync(db, RollupTable.Queues, t, At(5, 21, 11), "support", ("offered", 1), ("answered", 1), ("answered_within", 1), ("answer_wait_sum", 5));
        await RollupRows.HourAsync(db, RollupTable.Queues, t, At(5, 25, 9), "support", ("offered", 7));
        await RollupRows.HourAsync(db, RollupTable.Agents, t, At(5, 22, 8), "a1", ("available_seconds", 1800), ("on_call_seconds", 1200), ("acw_seconds", 300));
        await RollupRows.HourAsync(db, RollupTable.Agents, t, At(5, 22, 9), "a1", ("available_seconds", 3600));
        await RollupRows.HourAsync(db, RollupTable.Agents, t, At(6, 1, 11), "a1", ("available_seconds", 60));

        var before = await PerDayAsync(t);
        var perDayBefore = await CallsPerDayAsync(t);
        var result = await Rollup().RunAsync(CancellationToken.None);

        Assert.Equal((4L, 2L, 2L), (result.MovedByTable["call_hourly"], result.MovedByTable["queue_hourly"], result.MovedByTable["agent_hourly"]));
        Assert.Equal((1L, 1L, 1L), (await RollupRows.CountAsync(db, "call_hourly", t), await RollupRows.CountAsync(db, "queue_hourly", t), await RollupRows.CountAsync(db, "agent_hourly", t)));
        Assert.Equal(before, await PerDayAsync(t));
        Assert.Equal(perDayBefore, await CallsPerDayAsync(t));

        // Hand-summed days.
        Assert.Equal(new double[] { 4, 3, 3, 150, 3, 2, 1 },
            await DailyAsync(RollupTable.Calls, t, May20, "a1", "calls", "ended", "answered", "duration_sum", "duration_count", "outcome_completed", "outcome_converted"));
        Assert.Equal(new double[] { 2, 2, 2 }, await DailyAsync(RollupTable.Calls, t, May20, "", "calls", "ended", "outcome_no_answer"));
        Assert.Equal(new double[] { 1 }, await DailyAsync(RollupTable.Calls, t, new DateOnly(2025, 5, 23), "a1", "calls"));
        Assert.Equal(new double[] { 3, 2, 2, 1, 17.5, 40, 1, 200, 30 },
            await DailyAsync(RollupTable.Queues, t, new DateOnly(2025, 5, 21), "support", [.. RollupTable.Queues.Counters]));
        Assert.Equal(new double[] { 5400, 1200, 300, 0 }, await DailyAsync(RollupTable.Agents, t, new DateOnly(2025, 5, 22), "a1", [.. RollupTable.Agents.Counters]));
        Assert.Equal(new CallDayTotals(May20, 6, 5, 3, 50), perDayBefore[May20]);

        // Running again moves nothing and changes nothing.
        var daily = await DumpDailyAsync(t);
        Assert.Equal(0, (await Rollup().RunAsync(CancellationToken.None)).Moved);
        Assert.Equal(daily, await DumpDailyAsync(t));
        Assert.Equal(before, await PerDayAsync(t));
    }

    [Fact]
    public async Task A_late_event_in_an_already_rolled_hour_is_added_on_the_next_run_and_counted_once()
    {
        var t = Tenants.New();
        var started = At(5, 20, 10).AddMinutes(15);
        await Db.InsertAsync(t, "call.started", started, new { callId = "x", campaignId = "c-1", direction = "outbound" });
        await Db.InsertAsync(t, "call.started", started, new { callId = "y", campaignId = "c-1", direction = "outbound" });
        await Db.FoldAllAsync();
        Assert.Equal(1, (await Rollup().RunAsync(CancellationToken.None)).MovedByTable["call_hourly"]);
        Assert.Equal(new double[] { 2, 0 }, await DailyAsync(RollupTable.Calls, t, May20, "", "calls", "ended"));

        // x's end arrives 12 days late: the fold adds its delta (ended, duration, outcome; not another call) to a new
        // hourly row of the rolled hour, and the per-day totals see it at once.
        await Db.InsertAsync(t, "call.ended", started.AddMinutes(5), new { callId = "x", outcome = "completed", durationSeconds = 300 });
        await Db.FoldAllAsync();
        Assert.Equal(new[] { "0|1|300|1|1" }, await HourlyAsync(t, "calls", "ended", "duration_sum", "duration_count", "outcome_completed"));
        Assert.Equal(new CallDayTotals(May20, 2, 1, 1, 300), (await CallsPerDayAsync(t))[May20]);

        Assert.Equal(1, (await Rollup().RunAsync(CancellationToken.None)).MovedByTable["call_hourly"]);
        Assert.Equal(0, await RollupRows.CountAsync(Db.DataSource, "call_hourly", t));
        Assert.Equal(new double[] { 2, 1, 300, 1, 1 }, await DailyAsync(RollupTable.Calls, t, May20, "", "calls", "ended", "duration_sum", "duration_count", "outcome_completed"));

        Assert.Equal(0, (await Rollup().RunAsync(CancellationToken.None)).Moved);
        Assert.Equal(new CallDayTotals(May20, 2, 1, 1, 300), (await CallsPerDayAsync(t))[May20]);
    }

    [Fact]
    public async Task A_backlog_is_moved_oldest_first_over_several_runs()
    {
        var t = Tenants.New();
        for (var day = 10; day <= 14; day++)
        {
            await RollupRows.HourAsync(Db.DataSource, RollupTable.Calls, t, At(5, day, 6), "a1", ("calls", day));
        }

        var before = await PerDayAsync(t);
        var rollup = Rollup(batchRows: 2);
        foreach (var (moved, oldestLeft) in new[] { (2L, 12), (2L, 14), (1L, 0) })
        {
            Assert.Equal(moved, (await rollup.RunAsync(CancellationToken.None)).MovedByTable["call_hourly"]);
            Assert.Equal(before, await PerDayAsync(t));
            await using var oldest = Db.DataSource.CreateCommand("SELECT min(hour) FROM call_hourly WHERE tenant = $1");
            oldest.Parameters.AddWithValue(t);
            Assert.Equal(oldestLeft > 0 ? At(5, oldestLeft, 6) : null, await oldest.ExecuteScalarAsync() as DateTime?);
        }

        Assert.Equal(0, (await rollup.RunAsync(CancellationToken.None)).Moved);
        Assert.Equal(5, await RollupRows.CountAsync(Db.DataSource, "call_daily", t));
    }

    [Fact]
    public async Task A_fold_upsert_racing_the_move_is_carried_over_whichever_commits_first()
    {
        var t = Tenants.New();
        var hour = At(5, 20, 10);
        await RollupRows.HourAsync(Db.DataSource, RollupTable.Calls, t, hour, "", ("calls", 1));

        // The fold's upsert commits first: the move waits for its row lock, then moves the row with its delta.
        await using (var fold = await Db.DataSource.OpenConnectionAsync())
        {
            await using var tx = await fold.BeginTransactionAsync();
            await FoldUpsertAsync(fold, tx, t, hour, calls: 1);
            var moving = Rollup().RunAsync(CancellationToken.None);
            await WaitForLockWaitsAsync(1);
            await tx.CommitAsync();
            Assert.Equal(1, (await moving).MovedByTable["call_hourly"]);
        }

        Assert.Equal(new double[] { 2 }, await DailyAsync(RollupTable.Calls, t, May20, "", "calls"));
        Assert.Equal(0, await RollupRows.CountAsync(Db.DataSource, "call_hourly", t));

        // The move goes first: it has deleted the hourly row and waits on the day row (held here), while the fold's
        // upsert of the same hour waits on the deleted row. Once the move commits, the upsert inserts a fresh row
        // holding only its delta, and the next run adds it.
        await RollupRows.HourAsync(Db.DataSource, RollupTable.Calls, t, hour, "", ("calls", 5));
        await using (var holder = await Db.DataSource.OpenConnectionAsync())
        {
            await using var tx = await holder.BeginTransactionAsync();
            await using (var lockDay = new NpgsqlCommand("SELECT 1 FROM call_daily WHERE tenant = $1 FOR UPDATE", holder, tx))
            {
                lockDay.Parameters.AddWithValue(t);
                await lockDay.ExecuteNonQueryAsync();
            }

            var moving = Rollup().RunAsync(CancellationToken.None);
            await WaitForLockWaitsAsync(1);
            await using var fold = await Db.DataSource.OpenConnectionAsync();
            var upsert = FoldUpsertAsync(fold, null, t, hour, calls: 1);
            await WaitForLockWaitsAsync(2);
            await tx.CommitAsync();
            Assert.Equal(1, (await moving).MovedByTable["call_hourly"]);
            await upsert;
        }

        Assert.Equal(new double[] { 7 }, await DailyAsync(RollupTable.Calls, t, May20, "", "calls"));
        Assert.Equal(new[] { "1|0|0|0|0" }, await HourlyAsync(t, "calls", "ended", "duration_sum", "duration_count", "outcome_completed"));
        Assert.Equal(1, (await Rollup().RunAsync(CancellationToken.None)).Moved);
        Assert.Equal(new double[] { 8 }, await DailyAsync(RollupTable.Calls, t, May20, "", "calls"));
    }

    // The statement HourlyRollupStore runs for one row.
    private static async Task FoldUpsertAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, string tenant, DateTime hour, long calls)
    {
        await using var cmd = new NpgsqlCommand(
            "INSERT INTO call_hourly AS h (tenant, hour, agent_id, calls) VALUES ($1, $2, '', $3) " +
            "ON CONFLICT (tenant, hour, agent_id) DO UPDATE SET calls = h.calls + EXCLUDED.calls",
            connection, tx);
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(hour);
        cmd.Parameters.AddWithValue(calls);
        await cmd.ExecuteNonQueryAsync();
    }

    // Sessions of this database blocked on a lock; the database is the test's own.
    private async Task WaitForLockWaitsAsync(int sessions)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            await using var cmd = Db.DataSource.CreateCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
            if ((long)(await cmd.ExecuteScalarAsync())! >= sessions)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"fewer than {sessions} sessions waiting on a lock after 10 s");
            await Task.Delay(20);
        }
    }

    private async Task<List<string>> PerDayAsync(string tenant) =>
    [
        .. await RollupRows.PerDayAsync(Db.DataSource, RollupTable.Calls, tenant),
        .. await RollupRows.PerDayAsync(Db.DataSource, RollupTable.Queues, tenant),
        .. await RollupRows.PerDayAsync(Db.DataSource, RollupTable.Agents, tenant),
    ];

    private async Task<List<string>> DumpDailyAsync(string tenant) =>
    [
        .. await RollupRows.DumpAsync(Db.DataSource, "call_daily", tenant),
        .. await RollupRows.DumpAsync(Db.DataSource, "queue_daily", tenant),
        .. await RollupRows.DumpAsync(Db.DataSource, "agent_daily", tenant),
    ];

    private Task<Dictionary<DateOnly, CallDayTotals>> CallsPerDayAsync(string tenant) =>
        CallsPerDayEndpoint.ReadTotalsAsync(Db.DataSource, tenant, BusinessCalendar.Utc, new DateOnly(2025, 5, 1), new DateOnly(2025, 6, 1), CancellationToken.None);

    private async Task<double[]> DailyAsync(RollupTable table, string tenant, DateOnly day, string key, params string[] columns)
    {
        var values = new double[columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            values[i] = await RollupRows.DailyAsync(Db.DataSource, table, tenant, day, key, columns[i]);
        }

        return values;
    }

    private Task<List<string>> HourlyAsync(string tenant, params string[] columns) =>
        Db.StringsAsync($"SELECT concat_ws('|', {string.Join(", ", columns)}) FROM call_hourly WHERE tenant = $1 ORDER BY hour", tenant);
}
