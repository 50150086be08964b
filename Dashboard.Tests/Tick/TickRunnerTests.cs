using Dashboard.Realtime;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Tick;

public sealed class TickRunnerTests : FreshDatabaseTests
{
    [Fact]
    public async Task Publishes_every_topic_once_then_nothing_while_the_tenant_is_quiet()
    {
        var t = Db.Now.AddMinutes(-5);
        await Db.InsertAsync("quiet", "call.started", t, new { callId = "q1", campaignId = "c-1" });
        await Db.InsertAsync("quiet", "call.ended", t.AddSeconds(30), new { callId = "q1", outcome = "completed" });
        await Db.FoldAllAsync();
        var campaign = new RecordingSubscriber().Subscribe(Db.Hub, "quiet", Topics.Campaign("c-1"));

        var first = await Db.Runner.RunAsync(CancellationToken.None);
        // metrics, campaigns, campaign:c-1, calls.
        Assert.Equal(4, first.MessagesPublished);
        var update = Assert.Single(campaign.Messages);
        Assert.Equal("metrics_update", update.Type);
        Assert.True(update.IsSnapshot);
        Assert.Equal(1, RecordingSubscriber.Data(update).GetProperty("totalAttempts").GetInt64());

        Db.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await Db.Runner.RunAsync(CancellationToken.None);
        Assert.Equal(0, second.MessagesPublished);
        Assert.Equal(0, second.TenantsComputed);
        Assert.Single(campaign.Messages);
    }

    [Fact]
    public async Task Changes_folded_by_a_tick_that_died_before_publishing_are_published_by_the_next_tick()
    {
        Assert.Equal(0, (await Db.Runner.RunAsync(CancellationToken.None)).TenantsComputed);

        // Another node's tick folds these events and dies before it publishes (the fold's transaction has committed).
        var t = Db.Now.AddMinutes(-10);
        await Db.InsertAsync("orphan", "call.started", t, new { callId = "o1", campaignId = "c-1" });
        await Db.InsertAsync("orphan", "call.ended", t.AddSeconds(30), new { callId = "o1", outcome = "busy" });
        await Db.FoldAllAsync();
        var metrics = new RecordingSubscriber().Subscribe(Db.Hub, "orphan", Topics.Metrics);

        // The tenant is neither live nor in this tick's fold, yet its changes are still owed to subscribers.
        Db.Clock.Advance(TimeSpan.FromSeconds(1));
        var next = await Db.Runner.RunAsync(CancellationToken.None);
        Assert.Equal(1, next.TenantsComputed);
        var update = Assert.Single(metrics.Messages);
        Assert.Equal(1, RecordingSubscriber.Data(update).GetProperty("busy").GetInt64());

        // Published: the tick after has nothing owed.
        Db.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, (await Db.Runner.RunAsync(CancellationToken.None)).TenantsComputed);
    }

    [Fact]
    public async Task A_call_whose_end_never_came_stops_counting_after_the_open_horizon()
    {
        var started = Db.Now.AddHours(-23);
        await Db.InsertAsync("lost", "call.started", started, new { callId = "l1", campaignId = "c-1" });
        await Db.InsertAsync("lost", "call.queued", started, new { callId = "l1", queue = "support" });
        await Db.FoldAllAsync();
        Assert.Equal(1, (await Db.ComputeAsync("lost")).Overview.ActiveCalls);
        Assert.Equal(1, (await Db.QueueCalculator.ComputeAsync(["lost"], Db.Now, CancellationToken.None)).Single().Queue.Totals.CallsWaiting);
        Assert.Contains("lost", await Db.TickTenants.LiveAsync(Db.Now, CancellationToken.None));

        // Its call.ended was lost: past 24 h the call is neither active nor waiting, and the tenant stops being live.
        Db.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        var metrics = await Db.ComputeAsync("lost");
        Assert.Equal((0, 0), (metrics.Overview.ActiveCalls, metrics.ActiveCalls.Calls.Count));
        Assert.Equal(0, (await Db.QueueCalculator.ComputeAsync(["lost"], Db.Now, CancellationToken.None)).Single().Queue.Totals.CallsWaiting);
        Assert.DoesNotContain("lost", await Db.TickTenants.LiveAsync(Db.Now, CancellationToken.None));
    }

    [Fact]
    public async Task A_live_tenant_is_recomputed_every_tick_but_publishes_only_the_streams_that_changed()
    {
        // One call in progress, started outside the dialing window: the tenant stays live (recomputed every tick).
        await Db.InsertAsync("live", "call.started", Db.Now.AddMinutes(-2), new { callId = "l1", campaignId = "c-1" });
        await Db.FoldAllAsync();
        Assert.Equal(4, (await Db.Runner.RunAsync(CancellationToken.None)).MessagesPublished);

        // Same instant: every payload, lists included, equals what was published.
        var same = await Db.Runner.RunAsync(CancellationToken.None);
        Assert.Equal(1, same.TenantsComputed);
        Assert.Equal(0, same.MessagesPublished);

        // A second later only the active call's live duration moved: calls is republished, the campaign streams are not.
        var calls = new RecordingSubscriber().Subscribe(Db.Hub, "live", Topics.Calls);
        Db.Clock.Advance(TimeSpan.FromSeconds(1));
        var later = await Db.Runner.RunAsync(CancellationToken.None);
        Assert.Equal(1, later.MessagesPublished);
        Assert.Equal("active_calls_update", calls.Messages[^1].Type);
    }

    [Fact]
    public async Task An_unchanged_payload_is_published_again_when_another_node_published_on_the_stream_since()
    {
        await Db.InsertAsync("handoff", "campaign.updated", Db.Now, new { campaignId = "c-5", name = "Five", queueDepth = 2 });
        await Db.FoldAllAsync();
        await Db.Runner.RunAsync(CancellationToken.None);
        var overview = new RecordingSubscriber().Subscribe(Db.Hub, "handoff", Topics.Metrics);

        // Another node's tick (clustered Quartz fires on any node) published other values on the stream meanwhile.
        await Db.Publisher.PublishAsync("handoff", Topics.Metrics, "metrics_update", new { queueDepth = 99 }, isSnapshot: true);
        Assert.Equal(99, RecordingSubscriber.Data(overview.Messages[^1]).GetProperty("queueDepth").GetInt32());

        // This node's state is unchanged, but the stream's current snapshot is not what it published: publish again.
        var run = await Db.Runner.RunAsync(CancellationToken.None);
        Assert.Equal(1, run.TenantsComputed);
        Assert.Equal(2, RecordingSubscriber.Data(overview.Messages[^1]).GetProperty("queueDepth").GetInt32());
    }

    [Fact]
    public async Task A_restarted_node_publishes_every_tenant_with_state_on_its_first_run()
    {
        await Db.InsertAsync("restart", "campaign.updated", Db.Now, new { campaignId = "c-9", name = "Nine", queueDepth = 4 });
        await Db.FoldAllAsync();
        await Db.Runner.RunAsync(CancellationToken.None);

        // Nothing new to fold, but a new node (empty memory, empty hub streams for its clients) must publish a snapshot.
        var restarted = Db.NewRunner();
        var overview = new RecordingSubscriber().Subscribe(Db.Hub, "restart", Topics.Metrics);
        var run = await restarted.RunAsync(CancellationToken.None);

        Assert.Equal(0, run.EventsFolded);
        Assert.Equal(4, run.MessagesPublished);
        Assert.Equal(2, overview.Messages.Count);
        var latest = overview.Messages[^1];
        Assert.Equal(4, RecordingSubscriber.Data(latest).GetProperty("queueDepth").GetInt32());
    }

    [Fact]
    public async Task Dialing_rate_falling_to_zero_is_published_once_then_the_tenant_goes_quiet()
    {
        await Db.InsertAsync("rate", "call.started", Db.Now.AddSeconds(-58), new { callId = "r1", campaignId = "c-1" });
        await Db.InsertAsync("rate", "call.ended", Db.Now.AddSeconds(-50), new { callId = "r1", outcome = "no_answer" });
        await Db.FoldAllAsync();
        var overview = new RecordingSubscriber().Subscribe(Db.Hub, "rate", Topics.Metrics);

        await Db.Runner.RunAsync(CancellationToken.None);
        Assert.Equal(1 / 60.0, RecordingSubscriber.Data(overview.Messages[^1]).GetProperty("dialingRate").GetDouble(), 12);

        Db.Clock.Advance(TimeSpan.FromSeconds(3));
        await Db.Runner.RunAsync(CancellationToken.None);
        Assert.Equal(0, RecordingSubscriber.Data(overview.Messages[^1]).GetProperty("dialingRate").GetDouble());
        Assert.Equal(2, overview.Messages.Count);

        // Inside the live margin it is still recomputed (whichever node runs the tick), but nothing changed.
        Db.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, (await Db.Runner.RunAsync(CancellationToken.None)).MessagesPublished);
        Assert.Equal(2, overview.Messages.Count);

        Db.Clock.Advance(Dashboard.Campaigns.CampaignMetricsCalculator.LiveMargin);
        var quiet = await Db.Runner.RunAsync(CancellationToken.None);
        Assert.Equal(0, quiet.TenantsComputed);
    }
}
