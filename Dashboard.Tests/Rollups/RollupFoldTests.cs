using Dashboard.Queues;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Rollups;

/// <summary>
/// The fold's queue, agent and hourly roll-up state (migration 0004) against hand-computed figures: what every queue,
/// agent and windowed call metric reads.
/// </summary>
public sealed class RollupFoldTests : FreshDatabaseTests
{
    private static readonly DateTime Ten = new(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Queued_calls_count_once_in_the_hour_they_entered_the_queue()
    {
        var tenant = Tenants.New();
        // a: waits 15 s (within T = 20), talks 240 s. b: waits 30 s, still talking. c: abandons after 40 s. d: waiting.
        await Queued(tenant, "a", Ten.AddMinutes(5), answeredAfter: 15, endedAfter: 255);
        await Queued(tenant, "b", Ten.AddMinutes(6), answeredAfter: 30, endedAfter: null);
        await Queued(tenant, "c", Ten.AddMinutes(7), answeredAfter: null, endedAfter: 40);
        await Queued(tenant, "d", Ten.AddMinutes(59), answeredAfter: null, endedAfter: null);
        await Db.FoldAllAsync();

        Assert.Equal(new QueueHour(3, 2, 1, 1, 45, 40, 1, 240, 0), await QueueHourAsync(tenant, Ten, "support"));

        // b ends in a later chunk: handled and talk time move, nothing is counted twice.
        await Db.InsertAsync(tenant, "call.ended", Ten.AddMinutes(6).AddSeconds(130), new { callId = "b", outcome = "completed" });
        await Db.FoldAllAsync();
        Assert.Equal(new QueueHour(3, 2, 1, 1, 45, 40, 2, 340, 0), await QueueHourAsync(tenant, Ten, "support"));
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM calls WHERE tenant = $1 AND queued_at IS NOT NULL AND answered_at IS NULL AND ended_at IS NULL", tenant));
    }

    [Fact]
    public async Task Events_in_any_order_give_the_same_queue_hour()
    {
        var ordered = Tenants.New();
        var reversed = Tenants.New();
        var q = Ten.AddMinutes(20);
        await Db.InsertAsync(ordered, "call.started", q, new { callId = "x", direction = "inbound" });
        await Db.InsertAsync(ordered, "call.queued", q, new { callId = "x", queue = "support" });
        await Db.InsertAsync(ordered, "call.answered", q.AddSeconds(12), new { callId = "x", agentId = "a1" });
        await Db.InsertAsync(ordered, "call.ended", q.AddSeconds(100), new { callId = "x", outcome = "completed" });

        await Db.InsertAsync(reversed, "call.ended", q.AddSeconds(100), new { callId = "x", outcome = "completed" });
        await Db.InsertAsync(reversed, "call.answered", q.AddSeconds(12), new { callId = "x", agentId = "a1" });
        await Db.FoldAllAsync();
        await Db.InsertAsync(reversed, "call.queued", q, new { callId = "x", queue = "support" });
        await Db.InsertAsync(reversed, "call.started", q, new { callId = "x", direction = "inbound" });
        await Db.FoldAllAsync();

        var expected = new QueueHour(1, 1, 1, 0, 12, 0, 1, 88, 0);
        Assert.Equal(expected, await QueueHourAsync(ordered, Ten, "support"));
        Assert.Equal(expected, await QueueHourAsync(reversed, Ten, "support"));
    }

    [Fact]
    public async Task A_queue_threshold_override_decides_answered_within()
    {
        Db.QueueOptions.Queues["sales"] = new QueueServiceLevelOptions { ServiceLevelSeconds = 40 };
        var tenant = Tenants.New();
        await Queued(tenant, "s", Ten.AddMinutes(1), answeredAfter: 30, endedAfter: 90, queue: "sales");
        await Queued(tenant, "p", Ten.AddMinutes(1), answeredAfter: 30, endedAfter: 90, queue: "support");
        await Db.FoldAllAsync();

        Assert.Equal(1L, (await QueueHourAsync(tenant, Ten, "sales")).AnsweredWithin);
        Assert.Equal(0L, (await QueueHourAsync(tenant, Ten, "support")).AnsweredWithin);
        Assert.Equal(40L, await ScalarAsync("SELECT sl_threshold_seconds::bigint FROM calls WHERE tenant = $1 AND call_id = 's'", tenant));
    }

    [Fact]
    public async Task Agent_status_time_is_split_at_hour_boundaries_and_after_call_work_goes_to_the_last_queue()
    {
        var tenant = Tenants.New();
        await Status(tenant, "a1", Ten.AddMinutes(50), "available", queues: ["support"]);
        await Db.InsertAsync(tenant, "call.queued", Ten.AddMinutes(69), new { callId = "k", queue = "support" });
        await Db.InsertAsync(tenant, "call.answered", Ten.AddMinutes(70), new { callId = "k", agentId = "a1" });
        await Status(tenant, "a1", Ten.AddMinutes(70), "on_call");
        await Db.InsertAsync(tenant, "call.ended", Ten.AddMinutes(74), new { callId = "k", outcome = "completed" });
        await Status(tenant, "a1", Ten.AddMinutes(74), "after_call_work");
        await Status(tenant, "a1", Ten.AddMinutes(74).AddSeconds(30), "available");
        await Db.FoldAllAsync();
        // An older event folded in a later chunk: the time it describes stays with the status before it.
        await Status(tenant, "a1", Ten.AddMinutes(72), "busy");
        // The same status again keeps "since".
        await Status(tenant, "a1", Ten.AddMinutes(80), "available");
        await Db.FoldAllAsync();

        Assert.Equal((600.0, 0.0, 0.0, 0.0), await AgentHourAsync(tenant, Ten, "a1"));
        Assert.Equal((600.0, 240.0, 30.0, 0.0), await AgentHourAsync(tenant, Ten.AddHours(1), "a1"));
        Assert.Equal(30.0, (await QueueHourAsync(tenant, Ten.AddHours(1), "support")).AcwSum);

        await using var cmd = Db.DataSource.CreateCommand("SELECT status, status_since, queues, last_queue FROM agents WHERE tenant = $1 AND agent_id = 'a1'");
        cmd.Parameters.AddWithValue(tenant);
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("available", reader.GetString(0));
        Assert.Equal(Ten.AddMinutes(74).AddSeconds(30), reader.GetDateTime(1));
        Assert.Equal(["support"], reader.GetFieldValue<string[]>(2));
        Assert.Equal("support", reader.GetString(3));
    }

    [Fact]
    public async Task Calls_count_in_the_hour_they_started_under_the_agent_who_answered()
    {
        var tenant = Tenants.New();
        await Db.InsertAsync(tenant, "call.started", Ten.AddMinutes(59), new { callId = "1", agentId = "planned" });
        await Db.InsertAsync(tenant, "call.answered", Ten.AddMinutes(61), new { callId = "1", agentId = "a1" });
        await Db.InsertAsync(tenant, "call.ended", Ten.AddMinutes(65), new { callId = "1", outcome = "converted", durationSeconds = 360 });
        await Db.InsertAsync(tenant, "call.started", Ten.AddMinutes(10), new { callId = "2" });
        await Db.InsertAsync(tenant, "call.ended", Ten.AddMinutes(11), new { callId = "2", outcome = "no_answer" });
        await Db.InsertAsync(tenant, "call.started", Ten.AddMinutes(70), new { callId = "3", agentId = "a1" });
        await Db.FoldAllAsync();

        await using var cmd = Db.DataSource.CreateCommand(
            "SELECT hour, agent_id, calls, ended, answered, duration_sum, duration_count, outcome_converted, outcome_no_answer " +
            "FROM call_hourly WHERE tenant = $1 AND calls <> 0 ORDER BY hour, agent_id");
        cmd.Parameters.AddWithValue(tenant);
        var rows = new List<string>();
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add($"{reader.GetDateTime(0):HH}|{reader.GetString(1)}|{reader.GetInt64(2)}|{reader.GetInt64(3)}|{reader.GetInt64(4)}|{reader.GetDouble(5)}|{reader.GetInt64(6)}|{reader.GetInt64(7)}|{reader.GetInt64(8)}");
            }
        }

        // The "planned" agent's contribution moved to a1 when the answer named a1: no row is left with a count.
        Assert.Equal(["10||1|1|0|60|1|0|1", "10|a1|1|1|1|360|1|1|0", "11|a1|1|0|0|0|0|0|0"], rows);
    }

    [Fact]
    public async Task After_call_work_of_an_outbound_call_counts_for_no_queue()
    {
        var tenant = Tenants.New();
        await Status(tenant, "a1", Ten, "available");
        await Db.InsertAsync(tenant, "call.queued", Ten.AddMinutes(1), new { callId = "in", queue = "support" });
        await Db.InsertAsync(tenant, "call.answered", Ten.AddMinutes(1), new { callId = "in", agentId = "a1" });
        await Db.InsertAsync(tenant, "call.ended", Ten.AddMinutes(3), new { callId = "in", outcome = "completed" });
        await Status(tenant, "a1", Ten.AddMinutes(3), "after_call_work");
        await Status(tenant, "a1", Ten.AddMinutes(4), "available");
        await Db.InsertAsync(tenant, "call.started", Ten.AddMinutes(10), new { callId = "out", direction = "outbound", campaignId = "c" });
        await Db.InsertAsync(tenant, "call.answered", Ten.AddMinutes(10), new { callId = "out", agentId = "a1" });
        await Db.InsertAsync(tenant, "call.ended", Ten.AddMinutes(12), new { callId = "out", outcome = "completed" });
        await Status(tenant, "a1", Ten.AddMinutes(12), "after_call_work");
        await Status(tenant, "a1", Ten.AddMinutes(14), "available");
        await Db.FoldAllAsync();

        // Support's wrap-up is its own call's 60 s, not the outbound call's 120 s; both count as agent time.
        Assert.Equal(60.0, (await QueueHourAsync(tenant, Ten, "support")).AcwSum);
        Assert.Equal(180.0, (await AgentHourAsync(tenant, Ten, "a1")).Acw);
    }

    [Fact]
    public async Task A_transfer_after_the_answer_leaves_the_call_with_the_queue_that_answered_it()
    {
        var tenant = Tenants.New();
        await Queued(tenant, "t", Ten.AddMinutes(1), answeredAfter: 10, endedAfter: null);
        await Db.InsertAsync(tenant, "call.queued", Ten.AddMinutes(3), new { callId = "t", queue = "billing" });
        await Db.FoldAllAsync();

        Assert.Equal(new QueueHour(1, 1, 1, 0, 10, 0, 0, 0, 0), await QueueHourAsync(tenant, Ten, "support"));
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM queue_hourly WHERE tenant = $1 AND queue = 'billing' AND offered <> 0", tenant));
    }

    [Fact]
    public async Task A_resent_call_queued_keeps_the_threshold_the_call_got()
    {
        Db.QueueOptions.Queues["support"] = new QueueServiceLevelOptions { ServiceLevelSeconds = 40 };
        var tenant = Tenants.New();
        await Queued(tenant, "r", Ten.AddMinutes(1), answeredAfter: 30, endedAfter: 90);
        await Db.FoldAllAsync();

        // The setting changes (a restart with new configuration); the producer resends the queueing.
        Db.QueueOptions.Queues["support"] = new QueueServiceLevelOptions { ServiceLevelSeconds = 10 };
        await Db.InsertAsync(tenant, "call.queued", Ten.AddMinutes(1), new { callId = "r", queue = "support" });
        await Db.FoldAllAsync();

        Assert.Equal(1L, (await QueueHourAsync(tenant, Ten, "support")).AnsweredWithin);
        Assert.Equal(40L, await ScalarAsync("SELECT sl_threshold_seconds::bigint FROM calls WHERE tenant = $1 AND call_id = 'r'", tenant));
    }

    [Fact]
    public async Task One_agents_changes_committed_out_of_order_in_one_chunk_apply_in_event_time_order()
    {
        var tenant = Tenants.New();
        await Status(tenant, "a1", Ten, "available");
        await Status(tenant, "a1", Ten.AddMinutes(10), "after_call_work");
        await Status(tenant, "a1", Ten.AddMinutes(5), "on_call");
        await Status(tenant, "a1", Ten.AddMinutes(11), "available");

        // Another test's open transaction in the shared cluster can hold the fold's horizon between these inserts,
        // and a fold then would read the first two alone: that is the late-event case above, not this one.
        await Db.WaitUntilFoldableAsync();
        await Db.FoldAllAsync();

        Assert.Equal((300.0, 300.0, 60.0, 0.0), await AgentHourAsync(tenant, Ten, "a1"));
    }

    private async Task Queued(string tenant, string callId, DateTime queuedAt, int? answeredAfter, int? endedAfter, string queue = "support")
    {
        await Db.InsertAsync(tenant, "call.started", queuedAt, new { callId, direction = "inbound" });
        await Db.InsertAsync(tenant, "call.queued", queuedAt, new { callId, queue });
        if (answeredAfter is { } a)
        {
            await Db.InsertAsync(tenant, "call.answered", queuedAt.AddSeconds(a), new { callId, agentId = "agent-" + callId });
        }

        if (endedAfter is { } e)
        {
            await Db.InsertAsync(tenant, "call.ended", queuedAt.AddSeconds(e), new { callId, outcome = answeredAfter is null ? "abandoned" : "completed" });
        }
    }

    private Task Status(string tenant, string agentId, DateTime at, string status, string[]? queues = null) =>
        Db.InsertAsync(tenant, "agent.status_changed", at, queues is null ? new { agentId, status } : new { agentId, status, queues });

    private sealed record QueueHour(long Offered, long Answered, long AnsweredWithin, long Abandoned, double AnswerWaitSum,
        double AbandonWaitSum, long Handled, double TalkSum, double AcwSum);

    // The rows are quarter-hours (Calendar/QuarterHours): an hour is the sum of its four.
    private async Task<QueueHour> QueueHourAsync(string tenant, DateTime hour, string queue)
    {
        await using var cmd = Db.DataSource.CreateCommand(
            "SELECT sum(offered)::bigint, sum(answered)::bigint, sum(answered_within)::bigint, sum(abandoned)::bigint, sum(answer_wait_sum), " +
            "sum(abandon_wait_sum), sum(handled)::bigint, sum(talk_sum), sum(acw_sum) " +
            "FROM queue_hourly WHERE tenant = $1 AND hour >= $2 AND hour < $2 + interval '1 hour' AND queue = $3 HAVING count(*) > 0");
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(hour);
        cmd.Parameters.AddWithValue(queue);
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no queue_hourly row for {queue} at {hour:O}");
        return new QueueHour(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), Math.Round(reader.GetDouble(4), 6),
            Math.Round(reader.GetDouble(5), 6), reader.GetInt64(6), Math.Round(reader.GetDouble(7), 6), Math.Round(reader.GetDouble(8), 6));
    }

    private async Task<(double Available, double OnCall, double Acw, double Busy)> AgentHourAsync(string tenant, DateTime hour, string agentId)
    {
        await using var cmd = Db.DataSource.CreateCommand(
            "SELECT sum(available_seconds), sum(on_call_seconds), sum(acw_seconds), sum(busy_seconds) FROM agent_hourly " +
            "WHERE tenant = $1 AND hour >= $2 AND hour < $2 + interval '1 hour' AND agent_id = $3 HAVING count(*) > 0");
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(hour);
        cmd.Parameters.AddWithValue(agentId);
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no agent_hourly row for {agentId} at {hour:O}");
        return (reader.GetDouble(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3));
    }

    private async Task<long> ScalarAsync(string sql, string tenant)
    {
        await using var cmd = Db.DataSource.CreateCommand(sql);
        cmd.Parameters.AddWithValue(tenant);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
