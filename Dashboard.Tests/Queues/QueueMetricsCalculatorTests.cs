using Dashboard.Queues;
using Dashboard.Tests.Infrastructure;
using Npgsql;

namespace Dashboard.Tests.Queues;

/// <summary>
/// The queue and agent metrics read from hand-made rows of <c>queue_hourly</c>, <c>calls</c>, <c>agents</c> and
/// <c>agent_hourly</c> (what the fold writes), with today's UTC window applied by the queries.
/// </summary>
public sealed class QueueMetricsCalculatorTests : FreshDatabaseTests
{
    private static readonly DateTime Midnight = new(2025, 6, 2, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Now = Midnight.AddHours(1);

    [Fact]
    public async Task Only_todays_hours_count_and_ratios_follow_the_summed_buckets()
    {
        var rows = new QueueRows(Db.DataSource, "day");
        // Yesterday 23:00 is outside today's window, whatever it holds.
        await rows.QueueHourAsync(Midnight.AddHours(-1), "support", offered: 50, answered: 50, within: 50, abandoned: 0, answerWait: 50, handled: 50, talk: 5000, acw: 0);
        // Today 00:00: 6 answered (4 within T), 2 abandoned; 5 handled.
        await rows.QueueHourAsync(Midnight, "support", offered: 8, answered: 6, within: 4, abandoned: 2, answerWait: 60, handled: 5, talk: 700, acw: 100);
        // A queue with a bucket of nothing yet still appears; its ratios are null.
        await rows.QueueHourAsync(Midnight, "billing", offered: 0, answered: 0, within: 0, abandoned: 0, answerWait: 0, handled: 0, talk: 0, acw: 0);
        // Today 01:00 (the current hour): summed with 00:00 to 10 offered, 8 answered, 6 within, 2 abandoned, 6 handled.
        await rows.QueueHourAsync(Midnight.AddHours(1), "support", offered: 2, answered: 2, within: 2, abandoned: 0, answerWait: 36, handled: 1, talk: 200, acw: 0);

        var m = await ComputeAsync("day");

        Assert.Equal(["billing", "support"], m.Queue.Queues.Select(q => q.Queue).ToArray());
        var support = m.Queue.Queues[1];
        Assert.Equal((10L, 8L, 6L, 2L, 6L), (support.Offered, support.Answered, support.AnsweredWithinThreshold, support.Abandoned, support.Handled));
        Assert.Equal(0.6, support.ServiceLevel!.Value, 12);
        Assert.Equal(12, support.AsaSeconds!.Value, 12);
        Assert.Equal(1000.0 / 6, support.AhtSeconds!.Value, 12);
        Assert.Equal(0.2, support.AbandonmentRate!.Value, 12);
        Assert.Null(m.Queue.Queues[0].ServiceLevel);
        Assert.Equal(Midnight, m.Queue.WindowStart);
    }

    [Fact]
    public async Task Callers_waiting_now_give_calls_waiting_and_the_longest_wait()
    {
        var rows = new QueueRows(Db.DataSource, "wait");
        await rows.CallAsync("w1", "support", queuedAt: Now.AddSeconds(-95.04));
        await rows.CallAsync("w2", "support", queuedAt: Now.AddSeconds(-3));
        await rows.CallAsync("w3", "sales", queuedAt: Now.AddSeconds(-12));
        // Left the queue: answered, or ended unanswered. Neither waits.
        await rows.CallAsync("x1", "support", queuedAt: Now.AddSeconds(-500), answeredAt: Now.AddSeconds(-400));
        await rows.CallAsync("x2", "support", queuedAt: Now.AddSeconds(-500), endedAt: Now.AddSeconds(-450));

        var m = (await ComputeAsync("wait")).Queue;

        var support = m.Queues.Single(q => q.Queue == "support");
        Assert.Equal((2, 95.0), (support.CallsWaiting, support.LongestWaitSeconds!.Value));
        // Waiting callers are not offered yet.
        Assert.Equal(0, support.Offered);
        Assert.Equal((1, 12.0), (m.Queues.Single(q => q.Queue == "sales").CallsWaiting, m.Queues.Single(q => q.Queue == "sales").LongestWaitSeconds!.Value));
        Assert.Equal((3, 95.0), (m.Totals.CallsWaiting, m.Totals.LongestWaitSeconds!.Value));
    }

    [Fact]
    public async Task Occupancy_reads_todays_agent_hours_plus_open_intervals_clipped_at_midnight()
    {
        var rows = new QueueRows(Db.DataSource, "occ");
        // Yesterday 23:00 is outside the window.
        await rows.AgentHourAsync(Midnight.AddHours(-1), "a-1", available: 0, onCall: 3600, acw: 0);
        await rows.AgentHourAsync(Midnight, "a-1", available: 1200, onCall: 900, acw: 300);
        await rows.AgentHourAsync(Midnight, "a-3", available: 0, onCall: 300, acw: 0);
        // Open: a-1 on call since 00:50 (600 s); a-2 available since 22:00 yesterday (3600 s today); a-3 busy.
        await rows.AgentAsync("a-1", "on_call", Now.AddMinutes(-10), ["support"]);
        await rows.AgentAsync("a-2", "available", Midnight.AddHours(-2), ["support", "sales"]);
        await rows.AgentAsync("a-3", "busy", Now.AddMinutes(-20), null);
        await rows.AgentAsync("a-4", "offline", Midnight.AddDays(-3), ["sales"]);

        var m = await ComputeAsync("occ");

        // (900 + 300 + 600 + 300) / (1200 + 3600 + 900 + 300 + 600 + 300) = 2100 / 6900.
        Assert.Equal(Math.Round(2100.0 / 6900, 4), m.Agents.Occupancy);
        Assert.Equal((3, 1, 1, 0, 1, 1, 4), (m.Agents.Online, m.Agents.Available, m.Agents.OnCall, m.Agents.AfterCallWork, m.Agents.Busy, m.Agents.Offline, m.Agents.AgentCount));
        Assert.Equal(["support", "sales"], m.Agents.Agents.Single(a => a.AgentId == "a-2").Queues!);
        Assert.Equal(Midnight.AddHours(-2), m.Agents.Agents.Single(a => a.AgentId == "a-2").StatusSince);
        Assert.Equal(["sales", "support"], m.Queue.Queues.Select(q => q.Queue).ToArray());
        Assert.Equal(new AgentCounts(1, 1, 0, 0, 0, 1), m.Queue.Queues[0].Agents);
        Assert.Equal(new AgentCounts(2, 1, 1, 0, 0, 0), m.Queue.Queues[1].Agents);
    }

    [Fact]
    public async Task A_per_queue_threshold_from_options_is_reported_with_its_queue()
    {
        Db.QueueOptions.Queues["vip"] = new() { ServiceLevelSeconds = 10, ServiceLevelTarget = 0.9 };
        var rows = new QueueRows(Db.DataSource, "thr");
        await rows.QueueHourAsync(Midnight, "vip", offered: 4, answered: 3, within: 2, abandoned: 1, answerWait: 30, handled: 3, talk: 300, acw: 60);
        await rows.QueueHourAsync(Midnight, "general", offered: 1, answered: 1, within: 1, abandoned: 0, answerWait: 5, handled: 0, talk: 0, acw: 0);

        var m = (await ComputeAsync("thr")).Queue;

        var vip = m.Queues.Single(q => q.Queue == "vip");
        Assert.Equal((10, 0.9, 0.5, 120.0), (vip.ServiceLevelThresholdSeconds, vip.ServiceLevelTarget, vip.ServiceLevel!.Value, vip.AhtSeconds!.Value));
        var general = m.Queues.Single(q => q.Queue == "general");
        Assert.Equal((20, 0.8), (general.ServiceLevelThresholdSeconds, general.ServiceLevelTarget));
        Assert.Null(general.AhtSeconds);
    }

    [Fact]
    public async Task A_tenant_without_queues_or_agents_is_empty_and_tenants_do_not_mix()
    {
        var rows = new QueueRows(Db.DataSource, "other");
        await rows.QueueHourAsync(Midnight, "support", offered: 1, answered: 1, within: 1, abandoned: 0, answerWait: 1, handled: 0, talk: 0, acw: 0);
        await rows.AgentAsync("a-1", "available", Midnight, null);

        var all = await Db.QueueCalculator.ComputeAsync(["nobody", "other"], Now, CancellationToken.None);

        Assert.True(all[0].IsEmpty);
        Assert.Empty(all[0].Queue.Queues);
        Assert.Null(all[0].Queue.Totals.ServiceLevel);
        Assert.False(all[1].IsEmpty);
        Assert.Equal(1, all[1].Queue.Totals.Offered);
    }

    private async Task<TenantQueueMetrics> ComputeAsync(string tenant) =>
        (await Db.QueueCalculator.ComputeAsync([tenant], Now, CancellationToken.None)).Single();
}

/// <summary>Writes the rows the fold would, for one tenant.</summary>
internal sealed class QueueRows(NpgsqlDataSource dataSource, string tenant)
{
    public Task QueueHourAsync(DateTime hour, string queue, long offered, long answered, long within, long abandoned, double answerWait, long handled, double talk, double acw) =>
        ExecuteAsync(
            "INSERT INTO queue_hourly (tenant, hour, queue, offered, answered, answered_within, abandoned, answer_wait_sum, handled, talk_sum, acw_sum) " +
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            tenant, hour, queue, offered, answered, within, abandoned, answerWait, handled, talk, acw);

    public Task AgentHourAsync(DateTime hour, string agentId, double available, double onCall, double acw) =>
        ExecuteAsync(
            "INSERT INTO agent_hourly (tenant, hour, agent_id, available_seconds, on_call_seconds, acw_seconds) VALUES ($1, $2, $3, $4, $5, $6)",
            tenant, hour, agentId, available, onCall, acw);

    public Task AgentAsync(string agentId, string status, DateTime since, string[]? queues) =>
        ExecuteAsync(
            "INSERT INTO agents (tenant, agent_id, status, status_since, queues) VALUES ($1, $2, $3, $4, $5) " +
            "ON CONFLICT (tenant, agent_id) DO UPDATE SET status = EXCLUDED.status, status_since = EXCLUDED.status_since, queues = EXCLUDED.queues",
            tenant, agentId, status, since, (object?)queues ?? DBNull.Value);

    public Task CallAsync(string callId, string queue, DateTime queuedAt, DateTime? answeredAt = null, DateTime? endedAt = null) =>
        ExecuteAsync(
            "INSERT INTO calls (tenant, call_id, queue, queued_at, answered_at, ended_at) VALUES ($1, $2, $3, $4, $5, $6) " +
            "ON CONFLICT (tenant, call_id) DO UPDATE SET answered_at = EXCLUDED.answered_at, ended_at = EXCLUDED.ended_at",
            tenant, callId, queue, queuedAt, (object?)answeredAt ?? DBNull.Value, (object?)endedAt ?? DBNull.Value);

    /// <summary>Registers the tenant as the fold does (what a node's first tick and the midnight tick start from).</summary>
    public Task KnownAsync() => ExecuteAsync("INSERT INTO fold_tenants (tenant) VALUES ($1) ON CONFLICT DO NOTHING", tenant);

    public Task ExecuteAsync(string sql, params object[] parameters) => ExecuteCoreAsync(sql, parameters);

    private async Task ExecuteCoreAsync(string sql, object[] parameters)
    {
        await using var cmd = dataSource.CreateCommand(sql);
        foreach (var p in parameters)
        {
            cmd.Parameters.Add(p is DBNull ? new NpgsqlParameter { Value = p, NpgsqlDbType = GuessNull(sql, cmd.Parameters.Count) } : new NpgsqlParameter { Value = p });
        }

        await cmd.ExecuteNonQueryAsync();
    }

    // Positional nulls need a type: the few nullable columns written here are timestamptz, except agents.queues.
    private static NpgsqlTypes.NpgsqlDbType GuessNull(string sql, int index) =>
        sql.Contains("INTO agents", StringComparison.Ordinal) && index == 4
            ? NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text
            : NpgsqlTypes.NpgsqlDbType.TimestampTz;
}
