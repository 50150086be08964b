using Dashboard.Campaigns;
using Dashboard.Folding;
using Dashboard.Publishing;
using Dashboard.Queues;
using Dashboard.Realtime;
using Dashboard.Realtime.Backplane;
using Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using System.Text;
using System.Text.Json;

namespace Dashboard.Tests.Publishing;

/// <summary>
/// Bounded broadcasts (docs/limits.md): list-shaped snapshots stop at their <c>Payloads:*</c> cap with the true count and
/// <c>truncated</c>, and a message over <c>Realtime:MaxPublishBytes</c> is refused for its own stream only.
/// </summary>
public sealed class PayloadBoundsTests : IAsyncLifetime
{
    private MetricsDatabase _db = null!;

    public async Task InitializeAsync() => _db = await MetricsDatabase.CreateAsync(new RealtimeOptions { MaxPublishBytes = 4096 });

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Active_calls_and_campaigns_stop_at_their_caps_with_the_true_count_and_truncated()
    {
        var t = _db.Now.AddSeconds(-30);
        for (var i = 0; i < 5; i++)
        {
            await _db.InsertAsync("t", "call.started", t.AddSeconds(i), new { callId = $"c-{i}", direction = "outbound", campaignId = $"camp-{i % 3}" });
        }

        await _db.FoldAllAsync();
        var calculator = new CampaignMetricsCalculator(_db.DataSource, Options.Create(new PayloadOptions { MaxActiveCalls = 2, MaxCampaigns = 2 }));
        var m = (await calculator.ComputeAsync(["t"], _db.Now, CancellationToken.None)).Single();

        Assert.Equal((5, 2, true), (m.ActiveCalls.ActiveCalls, m.ActiveCalls.Calls.Count, m.ActiveCalls.Truncated));
        Assert.Equal(["c-0", "c-1"], m.ActiveCalls.Calls.Select(c => c.CallId));
        Assert.Equal((3, 2, true), (m.Campaigns.CampaignCount, m.Campaigns.Campaigns.Count, m.Campaigns.Truncated));
        // Only the list stops: every campaign still has its own campaign:{id} payload.
        Assert.Equal(["camp-0", "camp-1", "camp-2"], m.EveryCampaign.Select(c => c.CampaignId));
        Assert.Equal(5L, m.Overview.TotalAttempts);

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(m.ActiveCalls, JsonDefaults.Options));
        Assert.True(json.RootElement.GetProperty("truncated").GetBoolean());
        using var campaigns = JsonDocument.Parse(JsonSerializer.Serialize(m.Campaigns, JsonDefaults.Options));
        Assert.Equal(3, campaigns.RootElement.GetProperty("campaignCount").GetInt32());

        var all = (await _db.Calculator.ComputeAsync(["t"], _db.Now, CancellationToken.None)).Single();
        Assert.Equal((5, false, false), (all.ActiveCalls.Calls.Count, all.ActiveCalls.Truncated, all.Campaigns.Truncated));
    }

    [Fact]
    public void Queues_keep_the_busiest_and_agents_stop_at_their_caps_while_totals_cover_everything()
    {
        var now = new DateTime(2025, 6, 2, 1, 0, 0, DateTimeKind.Utc);
        QueueDay Day(string queue, long offered) => new(queue, offered, offered, offered, 0, 0, 0, 0, 0);
        var agents = Enumerable.Range(0, 4).Select(i => new StoredAgent($"a-{i}", null, "available", now.AddMinutes(-5), ["q"])).ToList();
        var m = QueueMetricsBuilder.Build(
            "t", [Day("quiet", 1), Day("busy", 50), Day("middle", 10)], [new WaitingCallers("waiting", 3, now.AddSeconds(-20))], agents,
            AgentSeconds.Zero, new QueueMetricsOptions(), now, Dashboard.Calendar.BusinessCalendar.Utc, new PayloadOptions { MaxQueues = 2, MaxAgents = 3 });

        Assert.Equal(["busy", "waiting"], m.Queue.Queues.Select(q => q.Queue));
        Assert.Equal((5, true), (m.Queue.QueueCount, m.Queue.Truncated));
        Assert.Equal((61L, 3), (m.Queue.Totals.Offered, m.Queue.Totals.CallsWaiting));
        Assert.Equal((4, 3, true), (m.Agents.AgentCount, m.Agents.Agents.Count, m.Agents.Truncated));
    }

    [Fact]
    public async Task A_publisher_whose_backlog_is_full_refuses_at_once_instead_of_growing()
    {
        // Not started: nothing drains its queue, as while the backplane cannot write.
        using var publisher = _db.NewPublisher();
        var queued = new List<Task<long>>(RealtimePublisher.MaxPending);
        for (var i = 0; i < RealtimePublisher.MaxPending; i++)
        {
            queued.Add(publisher.PublishAsync("t", Topics.Metrics, "metrics_update", new { i }, isSnapshot: true));
        }

        Assert.All(queued, t => Assert.False(t.IsCompleted));
        var refused = publisher.PublishAsync("t", Topics.Metrics, "metrics_update", new { i = -1 }, isSnapshot: true);
        var ex = await Assert.ThrowsAsync<RealtimeMessageRejectedException>(() => refused);
        Assert.Equal("backlog", ex.Reason);
    }

    [Fact]
    public async Task A_snapshot_over_MaxPublishBytes_is_refused_for_its_stream_only_counted_and_backed_off()
    {
        // The database (and its registry) belongs to this test alone, so its counters start at 0.
        double Rejected(string reason) => _db.Resilience.MessagesRejected(reason);

        // 30 active calls with 120-byte ids: their active_calls_update is over 4 KiB; everything else of the tenant is small.
        var t = _db.Now.AddSeconds(-30);
        for (var i = 0; i < 30; i++)
        {
            await _db.InsertAsync("big", "call.started", t, new { callId = $"{i:D3}-{new string('x', 116)}", direction = "outbound", campaignId = "c" });
        }

        await _db.InsertAsync("small", "call.started", t, new { callId = "s-1", direction = "outbound", campaignId = "c" });
        await _db.FoldAllAsync();

        await _db.Runner.RunAsync(CancellationToken.None);
        Assert.Null(_db.Hub.Latest("big", Topics.Calls));
        Assert.NotNull(_db.Hub.Latest("big", Topics.Metrics));
        Assert.Contains("\"activeCalls\":1", Encoding.UTF8.GetString(_db.Hub.Latest("small", Topics.Calls)!.Json.Span), StringComparison.Ordinal);
        Assert.Equal(1, Rejected("too_large"));

        // The refused tenant's change stays unpublished for a later tick; the other tenant's is done.
        var unpublished = await new TenantChanges(_db.DataSource).UnpublishedAsync(CancellationToken.None);
        Assert.Equal(["big"], unpublished.Keys);

        // The next tick (within the stream's 1 s back-off) does not serialise and refuse it again at full speed.
        await _db.Runner.RunAsync(CancellationToken.None);
        Assert.Equal(1, Rejected("too_large"));
        Assert.True(Rejected("backoff") >= 1);
    }
}
