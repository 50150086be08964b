using Dashboard.Realtime;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Queues;

/// <summary>
/// The 1 s tick publishing <c>queue_updated</c> and <c>agent_metrics</c>: live tenants every tick, unchanged payloads
/// skipped, today's window reset at UTC midnight. State rows are written by hand (what the fold writes).
/// </summary>
public sealed class QueueMetricsRunnerTests : FreshDatabaseTests
{
    private DateTime Today => Db.Now.Date;

    [Fact]
    public async Task Queue_and_agent_snapshots_are_published_once_then_skipped_while_nothing_moves()
    {
        var rows = new QueueRows(Db.DataSource, "steady");
        await rows.KnownAsync();
        await rows.QueueHourAsync(Today.AddHours(10), "support", offered: 4, answered: 3, within: 3, abandoned: 1, answerWait: 15, handled: 3, talk: 360, acw: 90);
        await rows.AgentAsync("a-1", "available", Db.Now.AddMinutes(-10), ["support"]);
        var queue = new RecordingSubscriber().Subscribe(Db.Hub, "steady", Topics.Queue);
        var agents = new RecordingSubscriber().Subscribe(Db.Hub, "steady", Topics.Agents);

        await Db.Runner.RunAsync(CancellationToken.None);

        var q = Assert.Single(queue.Messages);
        Assert.Equal(("queue_updated", true), (q.Type, q.IsSnapshot));
        var support = RecordingSubscriber.Data(q).GetProperty("queues")[0];
        Assert.Equal("support", support.GetProperty("queue").GetString());
        Assert.Equal(0.75, support.GetProperty("serviceLevel").GetDouble(), 12);
        Assert.Equal(5, support.GetProperty("asaSeconds").GetDouble(), 12);
        Assert.Equal(150, support.GetProperty("ahtSeconds").GetDouble(), 12);
        Assert.Equal(0.25, support.GetProperty("abandonmentRate").GetDouble(), 12);
        Assert.Equal(1, support.GetProperty("agents").GetProperty("available").GetInt32());
        var a = Assert.Single(agents.Messages);
        Assert.Equal(("agent_metrics", true), (a.Type, a.IsSnapshot));
        Assert.Equal(0, RecordingSubscriber.Data(a).GetProperty("occupancy").GetDouble());
        Assert.Equal("a-1", RecordingSubscriber.Data(a).GetProperty("agents")[0].GetProperty("agentId").GetString());

        // An agent online keeps the tenant live (recomputed every tick), but an idle agent's occupancy stays 0.
        Db.Clock.Advance(TimeSpan.FromSeconds(1));
        var next = await Db.Runner.RunAsync(CancellationToken.None);
        Assert.Equal((1, 0), (next.TenantsComputed, next.MessagesPublished));

        // Once the agent is offline (the fold reports the tenant then) it is quiet and costs nothing.
        await rows.AgentAsync("a-1", "offline", Db.Now, ["support"]);
        Db.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, (await Db.Runner.RunAsync(CancellationToken.None)).TenantsComputed);
    }

    [Fact]
    public async Task A_waiting_caller_makes_queue_updated_follow_the_longest_wait_each_second_until_answered()
    {
        var rows = new QueueRows(Db.DataSource, "waiting");
        await rows.KnownAsync();
        await rows.CallAsync("w1", "support", queuedAt: Db.Now.AddSeconds(-30));
        var queue = new RecordingSubscriber().Subscribe(Db.Hub, "waiting", Topics.Queue);

        await Db.Runner.RunAsync(CancellationToken.None);
        Assert.Equal(30, RecordingSubscriber.Data(queue.Messages[^1]).GetProperty("totals").GetProperty("longestWaitSeconds").GetDouble());

        Db.Clock.Advance(TimeSpan.FromSeconds(1));
        var tick = await Db.Runner.RunAsync(CancellationToken.None);
        // Only queue moved: the campaign streams and agent_metrics are unchanged.
        Assert.Equal(1, tick.MessagesPublished);
        var data = RecordingSubscriber.Data(queue.Messages[^1]).GetProperty("queues")[0];
        Assert.Equal((1, 31.0), (data.GetProperty("callsWaiting").GetInt32(), data.GetProperty("longestWaitSeconds").GetDouble()));

        // The runner's own fold reports the tenant it touched (another test's open transaction may hold it back a moment).
        await Db.InsertAsync("waiting", "call.answered", Db.Now, new { callId = "w1", agentId = "a-1" });
        Db.Clock.Advance(TimeSpan.FromSeconds(1));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await Db.Runner.RunAsync(CancellationToken.None)).EventsFolded == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "call.answered not folded after 10 s");
            await Task.Delay(20);
        }

        var after = RecordingSubscriber.Data(queue.Messages[^1]).GetProperty("totals");
        Assert.Equal(0, after.GetProperty("callsWaiting").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, after.GetProperty("longestWaitSeconds").ValueKind);
    }

    [Fact]
    public async Task Occupancy_is_republished_only_when_its_rounded_value_moves()
    {
        var rows = new QueueRows(Db.DataSource, "occupied");
        await rows.KnownAsync();
        // At 12:00: 36000 s on call (since 02:00) and 43200 s available (since 00:00): 36000 / 79200 = 0.4545.
        await rows.AgentAsync("a-1", "on_call", Today.AddHours(2), null);
        await rows.AgentAsync("a-2", "available", Today, null);
        var agents = new RecordingSubscriber().Subscribe(Db.Hub, "occupied", Topics.Agents);

        await Db.Runner.RunAsync(CancellationToken.None);
        Assert.Equal(0.4545, RecordingSubscriber.Data(agents.Messages[^1]).GetProperty("occupancy").GetDouble());

        // 36001 / 79202 still rounds to 0.4545: nothing published.
        Db.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, (await Db.Runner.RunAsync(CancellationToken.None)).MessagesPublished);
        Assert.Single(agents.Messages);

        // A minute later: 36061 / 79322 = 0.45462...
        Db.Clock.Advance(TimeSpan.FromSeconds(60));
        await Db.Runner.RunAsync(CancellationToken.None);
        Assert.Equal(2, agents.Messages.Count);
        Assert.Equal(0.4546, RecordingSubscriber.Data(agents.Messages[^1]).GetProperty("occupancy").GetDouble());
    }

    [Fact]
    public async Task At_utc_midnight_yesterdays_numbers_are_replaced_once_then_the_tenant_is_quiet()
    {
        var rows = new QueueRows(Db.DataSource, "midnight");
        await rows.KnownAsync();
        await rows.QueueHourAsync(Today.AddHours(10), "support", offered: 3, answered: 3, within: 2, abandoned: 0, answerWait: 30, handled: 3, talk: 300, acw: 0);
        await rows.AgentHourAsync(Today.AddHours(10), "a-1", available: 600, onCall: 1800, acw: 0);
        await rows.AgentAsync("a-1", "offline", Today.AddHours(11), null);
        var queue = new RecordingSubscriber().Subscribe(Db.Hub, "midnight", Topics.Queue);
        var agents = new RecordingSubscriber().Subscribe(Db.Hub, "midnight", Topics.Agents);

        // 23:59:59: the day's numbers.
        Db.Clock.Advance(TimeSpan.FromHours(12) - TimeSpan.FromSeconds(1));
        await Db.Runner.RunAsync(CancellationToken.None);
        Assert.Equal(3, RecordingSubscriber.Data(queue.Messages[^1]).GetProperty("totals").GetProperty("offered").GetInt64());
        Assert.Equal(0.75, RecordingSubscriber.Data(agents.Messages[^1]).GetProperty("occupancy").GetDouble());
        Db.Clock.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Equal(0, (await Db.Runner.RunAsync(CancellationToken.None)).TenantsComputed);

        // 00:00:00.5: no event, no live state, yet the tenant is recomputed once and its window starts again.
        Db.Clock.Advance(TimeSpan.FromSeconds(1));
        var midnight = await Db.Runner.RunAsync(CancellationToken.None);
        Assert.Equal(1, midnight.TenantsComputed);
        var q = RecordingSubscriber.Data(queue.Messages[^1]);
        Assert.Equal(0, q.GetProperty("queues").GetArrayLength());
        Assert.Equal(0, q.GetProperty("totals").GetProperty("offered").GetInt64());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, q.GetProperty("totals").GetProperty("serviceLevel").ValueKind);
        Assert.Equal(Today, q.GetProperty("windowStart").GetDateTime());
        Assert.Equal(new DateTime(2025, 6, 2, 0, 0, 0, DateTimeKind.Utc), Today);
        var a = RecordingSubscriber.Data(agents.Messages[^1]);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, a.GetProperty("occupancy").ValueKind);
        Assert.Equal(1, a.GetProperty("offline").GetInt32());

        Db.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, (await Db.Runner.RunAsync(CancellationToken.None)).TenantsComputed);
    }

    [Fact]
    public async Task Each_tenant_is_recomputed_at_its_own_midnight_and_no_other()
    {
        Db.Tenants["kolkata"] = new() { TimeZone = "Asia/Kolkata" };
        foreach (var tenant in new[] { "kolkata", "utc" })
        {
            var rows = new QueueRows(Db.DataSource, tenant);
            await rows.KnownAsync();
            await rows.QueueHourAsync(Today.AddHours(10), "support", offered: 3, answered: 3, within: 2, abandoned: 0, answerWait: 30, handled: 3, talk: 300, acw: 0);
        }

        var queue = new RecordingSubscriber().Subscribe(Db.Hub, "kolkata", Topics.Queue);
        var kolkataMidnight = Today.AddHours(18.5); // 00:00 IST
        Db.Clock.Advance(kolkataMidnight - Db.Now - TimeSpan.FromSeconds(1));
        await Db.Runner.RunAsync(CancellationToken.None);
        Db.Clock.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Equal(0, (await Db.Runner.RunAsync(CancellationToken.None)).TenantsComputed);

        // 18:30:00.5 UTC: Kolkata's day turned (its "today" starts again), UTC's did not.
        Db.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, (await Db.Runner.RunAsync(CancellationToken.None)).TenantsComputed);
        var q = RecordingSubscriber.Data(queue.Messages[^1]);
        Assert.Equal((kolkataMidnight, "Asia/Kolkata"), (q.GetProperty("windowStart").GetDateTime(), q.GetProperty("timeZone").GetString()));
        Assert.Equal(0, q.GetProperty("totals").GetProperty("offered").GetInt64());

        // 00:00:00.5 UTC: only the UTC tenant (Kolkata's hours turn at :30).
        Db.Clock.Advance(Today.AddDays(1) - Db.Now + TimeSpan.FromSeconds(-1));
        await Db.Runner.RunAsync(CancellationToken.None);
        Db.Clock.Advance(TimeSpan.FromSeconds(1.5));
        var utcMidnight = await Db.Runner.RunAsync(CancellationToken.None);
        Assert.Equal(1, utcMidnight.TenantsComputed);
        Assert.Equal(2, queue.Messages.Count(m => m.Type == "queue_updated"));
    }

    [Fact]
    public async Task A_tenant_without_queues_or_agents_gets_no_queue_or_agents_snapshot()
    {
        await Db.InsertAsync("outbound", "call.started", Db.Now.AddMinutes(-5), new { callId = "o1", campaignId = "c-1" });
        await Db.FoldAllAsync();

        var run = await Db.Runner.RunAsync(CancellationToken.None);

        // metrics, campaigns, campaign:c-1, calls; nothing on queue or agents.
        Assert.Equal(4, run.MessagesPublished);
        Assert.Equal(0, Db.Hub.SnapshotSeq("outbound", Topics.Queue));
        Assert.Equal(0, Db.Hub.SnapshotSeq("outbound", Topics.Agents));
    }
}
