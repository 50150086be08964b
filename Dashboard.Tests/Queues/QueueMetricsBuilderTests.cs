using Dashboard.Calendar;
using Dashboard.Queues;
using Dashboard.Realtime;
using System.Text.Json;

namespace Dashboard.Tests.Queues;

/// <summary>The queue and agent formulas of docs/metrics.md against hand-computed fixtures, without a database.</summary>
public sealed class QueueMetricsBuilderTests
{
    private static readonly DateTime Now = new(2025, 6, 2, 1, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Midnight = new(2025, 6, 2, 0, 0, 0, DateTimeKind.Utc);

    private static TenantQueueMetrics Build(
        IReadOnlyList<QueueDay>? days = null,
        IReadOnlyList<WaitingCallers>? waiting = null,
        IReadOnlyList<StoredAgent>? agents = null,
        AgentSeconds? closed = null,
        QueueMetricsOptions? options = null) =>
        QueueMetricsBuilder.Build("t", days ?? [], waiting ?? [], agents ?? [], closed ?? AgentSeconds.Zero, options ?? new QueueMetricsOptions(), Now, BusinessCalendar.Utc);

    [Fact]
    public void Service_level_counts_abandons_as_missed_and_asa_aht_abandonment_follow_the_sums()
    {
        // support: 8 answered (6 within T) + 2 abandoned = 10 offered; waits of the answered sum to 96 s;
        // 5 answered calls have ended: 900 s talk + 100 s after-call work.
        var m = Build(days: [new QueueDay("support", 10, 8, 6, 2, 96, 5, 900, 100)]).Queue;

        var q = Assert.Single(m.Queues);
        Assert.Equal(("support", 10L, 8L, 6L, 2L, 5L), (q.Queue, q.Offered, q.Answered, q.AnsweredWithinThreshold, q.Abandoned, q.Handled));
        // 6 / 10, not 6 / 8: an abandoned caller was not served within T.
        Assert.Equal(0.6, q.ServiceLevel!.Value, 12);
        Assert.Equal(12, q.AsaSeconds!.Value, 12);
        Assert.Equal(200, q.AhtSeconds!.Value, 12);
        Assert.Equal(0.2, q.AbandonmentRate!.Value, 12);
        Assert.Equal((20, 0.8), (q.ServiceLevelThresholdSeconds, q.ServiceLevelTarget));
    }

    [Fact]
    public void Without_abandons_service_level_is_within_over_answered_and_abandonment_is_zero_not_null()
    {
        var q = Assert.Single(Build(days: [new QueueDay("sales", 4, 4, 3, 0, 40, 4, 480, 0)]).Queue.Queues);

        Assert.Equal(0.75, q.ServiceLevel!.Value, 12);
        Assert.Equal(0, q.AbandonmentRate);
        Assert.Equal(10, q.AsaSeconds!.Value, 12);
        // No after-call work: AHT is talk time alone.
        Assert.Equal(120, q.AhtSeconds!.Value, 12);
    }

    [Fact]
    public void Zero_denominators_give_null_ratios_and_serialise_as_null()
    {
        // "idle" is known only from an agent listing it; "ringing" has answered calls that have not ended yet.
        var m = Build(
            days: [new QueueDay("ringing", 2, 2, 2, 0, 6, 0, 0, 0)],
            agents: [new StoredAgent("a-1", "Ann", "available", Now.AddMinutes(-5), ["idle"])]).Queue;

        var idle = m.Queues.Single(q => q.Queue == "idle");
        Assert.Equal(0, idle.Offered);
        Assert.Null(idle.ServiceLevel);
        Assert.Null(idle.AsaSeconds);
        Assert.Null(idle.AhtSeconds);
        Assert.Null(idle.AbandonmentRate);
        Assert.Null(idle.LongestWaitSeconds);
        Assert.Equal(1, idle.Agents.Available);

        var ringing = m.Queues.Single(q => q.Queue == "ringing");
        Assert.Equal(3, ringing.AsaSeconds!.Value, 12);
        Assert.Null(ringing.AhtSeconds);

        var json = JsonSerializer.Serialize(idle, JsonDefaults.Options);
        Assert.Contains("\"serviceLevel\":null", json, StringComparison.Ordinal);
        Assert.Contains("\"ahtSeconds\":null", json, StringComparison.Ordinal);
        Assert.Contains("\"longestWaitSeconds\":null", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_per_queue_threshold_and_target_override_the_defaults()
    {
        var options = new QueueMetricsOptions { DefaultServiceLevelSeconds = 15 };
        options.Queues["vip"] = new QueueServiceLevelOptions { ServiceLevelSeconds = 10, ServiceLevelTarget = 0.95 };
        options.Queues["sales"] = new QueueServiceLevelOptions { ServiceLevelTarget = 0.7 };

        var m = Build(days: [new("vip", 1, 1, 1, 0, 1, 0, 0, 0), new("sales", 1, 1, 1, 0, 1, 0, 0, 0), new("support", 1, 1, 1, 0, 1, 0, 0, 0)], options: options).Queue;

        Assert.Equal(["sales", "support", "vip"], m.Queues.Select(q => q.Queue).ToArray());
        Assert.Equal((15, 0.7), (m.Queues[0].ServiceLevelThresholdSeconds, m.Queues[0].ServiceLevelTarget));
        Assert.Equal((15, 0.8), (m.Queues[1].ServiceLevelThresholdSeconds, m.Queues[1].ServiceLevelTarget));
        Assert.Equal((10, 0.95), (m.Queues[2].ServiceLevelThresholdSeconds, m.Queues[2].ServiceLevelTarget));
    }

    [Fact]
    public void Totals_sum_counts_take_the_longest_wait_and_recompute_ratios_from_the_sums()
    {
        var m = Build(
            days: [new("support", 10, 8, 6, 2, 96, 5, 900, 100), new("sales", 4, 4, 3, 0, 40, 4, 480, 0)],
            waiting: [new("support", 3, Now.AddSeconds(-42.26)), new("sales", 1, Now.AddSeconds(-7))]).Queue;

        var t = m.Totals;
        Assert.Equal((4, 14L, 12L, 9L, 2L, 9L), (t.CallsWaiting, t.Offered, t.Answered, t.AnsweredWithinThreshold, t.Abandoned, t.Handled));
        Assert.Equal(42.3, t.LongestWaitSeconds);
        // 9 / 14, not the mean of 0.6 and 0.75.
        Assert.Equal(9.0 / 14, t.ServiceLevel!.Value, 12);
        Assert.Equal(136.0 / 12, t.AsaSeconds!.Value, 12);
        Assert.Equal(1480.0 / 9, t.AhtSeconds!.Value, 12);
        Assert.Equal(2.0 / 14, t.AbandonmentRate!.Value, 12);
        Assert.Equal((3, 42.3), (m.Queues.Single(q => q.Queue == "support").CallsWaiting, m.Queues.Single(q => q.Queue == "support").LongestWaitSeconds!.Value));
        Assert.Equal(Midnight, m.WindowStart);
    }

    [Fact]
    public void Agents_are_counted_by_status_per_queue_and_once_for_the_tenant()
    {
        StoredAgent[] agents =
        [
            new("a-3", "Cy", "busy", Now.AddMinutes(-1), ["sales"]),
            new("a-1", "Ann", "available", Now.AddMinutes(-1), ["support", "sales"]),
            new("a-2", null, "on_call", Now.AddMinutes(-1), ["support"]),
            new("a-4", "Di", "after_call_work", Now.AddMinutes(-1), null),
            new("a-5", "Ed", "offline", Now.AddMinutes(-1), ["support"]),
        ];
        var m = Build(agents: agents);

        Assert.Equal(new AgentCounts(2, 1, 1, 0, 0, 1), m.Queue.Queues.Single(q => q.Queue == "support").Agents);
        Assert.Equal(new AgentCounts(2, 1, 0, 0, 1, 0), m.Queue.Queues.Single(q => q.Queue == "sales").Agents);
        Assert.Equal(new AgentCounts(4, 1, 1, 1, 1, 1), m.Queue.Totals.Agents);

        var a = m.Agents;
        Assert.Equal((4, 1, 1, 1, 1, 1, 5), (a.Online, a.Available, a.OnCall, a.AfterCallWork, a.Busy, a.Offline, a.AgentCount));
        Assert.Equal(["a-1", "a-2", "a-3", "a-4", "a-5"], a.Agents.Select(x => x.AgentId).ToArray());
        Assert.Equal(new AgentState("a-1", "Ann", "available", Now.AddMinutes(-1), ["support", "sales"]), a.Agents[0]);
    }

    [Fact]
    public void Occupancy_adds_each_open_interval_clipped_at_midnight_and_leaves_out_busy_and_offline()
    {
        // Closed today: 1200 s available, 1200 s on call, 300 s after-call work.
        // Open: a-1 on call since 00:50 (600 s), a-2 available since 23:30 yesterday (clipped: 3600 s, not 5400),
        // a-3 busy and a-4 offline (not counted), a-5 in after-call work since 00:55 (300 s).
        // (1200 + 600 + 300 + 300) / (1200 + 3600 + 1200 + 600 + 300 + 300) = 2400 / 7200.
        StoredAgent[] agents =
        [
            new("a-1", null, "on_call", Now.AddMinutes(-10), null),
            new("a-2", null, "available", Midnight.AddMinutes(-30), null),
            new("a-3", null, "busy", Now.AddMinutes(-50), null),
            new("a-4", null, "offline", Midnight.AddHours(-5), null),
            new("a-5", null, "after_call_work", Now.AddMinutes(-5), null),
        ];

        var m = Build(agents: agents, closed: new AgentSeconds(1200, 1200, 300)).Agents;

        Assert.Equal(0.3333, m.Occupancy);
        Assert.Equal(Midnight, m.WindowStart);
    }

    [Fact]
    public void Occupancy_is_null_when_nobody_was_available_on_a_call_or_in_after_call_work_today()
    {
        var m = Build(agents: [new("a-1", null, "busy", Now.AddMinutes(-10), null), new("a-2", null, "offline", Now.AddDays(-2), null)]).Agents;

        Assert.Null(m.Occupancy);
        Assert.Equal(1, m.Online);
        Assert.Contains("\"occupancy\":null", JsonSerializer.Serialize(m, JsonDefaults.Options), StringComparison.Ordinal);
    }

    [Fact]
    public void The_agent_list_stops_at_500_but_the_counts_cover_every_agent()
    {
        var agents = Enumerable.Range(0, 501).Select(i => new StoredAgent($"a-{i:D4}", null, "available", Now, null)).Reverse().ToList();

        var m = Build(agents: agents).Agents;

        Assert.Equal((501, 501, 500), (m.AgentCount, m.Available, m.Agents.Count));
        Assert.Equal("a-0000", m.Agents[0].AgentId);
        Assert.Equal("a-0499", m.Agents[^1].AgentId);
    }

    [Fact]
    public void Payloads_equal_by_value_once_computedAt_is_cleared()
    {
        StoredAgent[] agents = [new("a-1", "Ann", "available", Now.AddMinutes(-1), ["support"])];
        var first = Build(days: [new("support", 1, 1, 1, 0, 1, 1, 60, 0)], agents: agents);
        var second = Build(days: [new("support", 1, 1, 1, 0, 1, 1, 60, 0)], agents: [new("a-1", "Ann", "available", Now.AddMinutes(-1), ["support"])]);

        Assert.Equal(first.Queue with { ComputedAt = default }, second.Queue with { ComputedAt = default });
        Assert.Equal(first.Agents with { ComputedAt = default }, second.Agents with { ComputedAt = default });
        Assert.NotEqual(first.Agents, second.Agents with { ComputedAt = default });
    }
}
