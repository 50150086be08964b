using Dashboard.Observability;
using Dashboard.Realtime;
using Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.Realtime;

/// <summary>The stream history behind resume (docs/protocol.md §3.4): <c>Realtime:HistorySize</c> and <c>Realtime:HistoryTtl</c>.</summary>
public sealed class HubHistoryTests
{
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));

    private RealtimeHub Hub(int size = 100, int ttlSeconds = 60) => new(
        _time,
        new DashboardMetrics(Prometheus.Metrics.NewCustomRegistry()),
        Options.Create(new RealtimeOptions { HistorySize = size, HistoryTtl = TimeSpan.FromSeconds(ttlSeconds) }));

    private static SubscriptionStart Start(RealtimeHub hub, long since)
    {
        SubscriptionStart? start = null;
        hub.Subscribe("t", "calls", new NullSubscriber(), since, s => start = s);
        return start!;
    }

    [Fact]
    public void Missed_messages_within_size_and_ttl_are_replayed_in_order()
    {
        var hub = Hub();
        for (var i = 0; i < 10; i++)
        {
            Publish(hub, "call_event", new { i }, false);
        }

        Assert.Equal([8L, 9, 10], Start(hub, 7).Missed!.Select(m => m.Seq));
        Assert.Empty(Start(hub, 10).Missed!);
    }

    [Fact]
    public void A_gap_older_than_history_ttl_must_resync()
    {
        var hub = Hub(ttlSeconds: 60);
        Publish(hub, "call_event", new { i = 1 }, false);
        _time.Advance(TimeSpan.FromSeconds(61));
        Publish(hub, "call_event", new { i = 2 }, false);

        Assert.Null(Start(hub, 0).Missed);
        Assert.Equal([2L], Start(hub, 1).Missed!.Select(m => m.Seq));
    }

    [Fact]
    public void A_gap_longer_than_history_size_must_resync()
    {
        var hub = Hub(size: 5);
        for (var i = 0; i < 8; i++)
        {
            Publish(hub, "call_event", new { i }, false);
        }

        Assert.Null(Start(hub, 2).Missed);
        Assert.Equal([4L, 5, 6, 7, 8], Start(hub, 3).Missed!.Select(m => m.Seq));
    }

    [Fact]
    public void A_since_ahead_of_the_stream_is_another_epoch_and_must_resync() =>
        Assert.Null(Start(Hub(), 5).Missed);

    [Fact]
    public void Pruning_releases_history_older_than_the_ttl_and_keeps_the_snapshot()
    {
        var hub = Hub(ttlSeconds: 60);
        for (var i = 0; i < 10; i++)
        {
            Publish(hub, "active_calls_update", new { i }, true);
        }

        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, hub.PruneHistory());
        _time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(10, hub.PruneHistory());

        Assert.Equal(0, hub.HistoryCount("t", "calls"));
        Assert.Equal(10, hub.Latest("t", "calls")!.Seq);
        Assert.Null(Start(hub, 5).Missed);
        Assert.Empty(Start(hub, 10).Missed!);

        Publish(hub, "call_event", new { i = 11 }, false);
        Assert.Equal([11L], Start(hub, 10).Missed!.Select(m => m.Seq));
    }

    [Fact]
    public void A_repeated_seq_is_ignored_and_a_gap_is_refused_unless_accepted_which_clears_the_history()
    {
        var hub = Hub();
        for (var i = 0; i < 3; i++)
        {
            Publish(hub, "call_event", new { i }, false);
        }

        Assert.Equal(ApplyResult.Duplicate, hub.Apply(Message(2)));
        Assert.Equal(ApplyResult.Gap, hub.Apply(Message(5)));
        Assert.Equal(3, hub.CurrentSeq("t", "calls"));

        Assert.Equal(ApplyResult.AppliedAfterGap, hub.Apply(Message(5), acceptGap: true));
        Assert.Equal(5, hub.CurrentSeq("t", "calls"));
        Assert.Null(Start(hub, 3).Missed);
        Assert.Empty(Start(hub, 5).Missed!);
    }

    [Fact]
    public void A_live_subscriber_is_told_to_resync_when_the_stream_skips_seqs_it_can_never_get()
    {
        var hub = Hub();
        Publish(hub, "active_calls_update", new { active = 1 }, isSnapshot: true);
        Publish(hub, "call_event", new { n = 2 }, isSnapshot: false);
        var subscriber = new RecordingSubscriber().Subscribe(hub, "t", "calls");

        // Seqs 3 and 4 left the log before this node read them (docs/protocol.md §9): resync, the snapshot, then 5.
        Assert.Equal(ApplyResult.AppliedAfterGap, hub.Apply(Message(5), acceptGap: true));
        Assert.Equal(["calls"], subscriber.Resyncs);
        Assert.Equal([1L, 1, 5], subscriber.Messages.Select(m => m.Seq));

        // A skipped seq with no message at all (an oversized one already pruned) resyncs to the same snapshot.
        hub.Skip("t", "calls", 6);
        Assert.Equal(["calls", "calls"], subscriber.Resyncs);
        Assert.Equal([1L, 1, 5, 1], subscriber.Messages.Select(m => m.Seq));

        // A snapshot after a gap is itself the state to start again from: resync, then it, once.
        Assert.Equal(ApplyResult.AppliedAfterGap, hub.Apply(Message(9, snapshot: true), acceptGap: true));
        Assert.Equal(3, subscriber.Resyncs.Count);
        Assert.Equal([1L, 1, 5, 1, 9], subscriber.Messages.Select(m => m.Seq));

        // In sequence again: plain delivery, no resync.
        Assert.Equal(ApplyResult.Applied, hub.Apply(Message(10)));
        Assert.Equal(3, subscriber.Resyncs.Count);
        Assert.Equal(10, subscriber.Messages[^1].Seq);
    }

    [Fact]
    public void A_node_that_never_saw_a_stream_starts_it_at_whatever_seq_arrives_first()
    {
        var hub = Hub();
        Assert.Equal(ApplyResult.Applied, hub.Apply(Message(41)));
        Assert.Equal(ApplyResult.Applied, hub.Apply(Message(42)));
        Assert.Equal([42L], Start(hub, 41).Missed!.Select(m => m.Seq));
        Assert.Null(Start(hub, 12).Missed);
    }

    private HubMessage Message(long seq, bool snapshot = false) => new()
    {
        Tenant = "t",
        Topic = "calls",
        Type = snapshot ? "active_calls_update" : "call_event",
        Seq = seq,
        IsSnapshot = snapshot,
        Timestamp = _time.GetUtcNow(),
        Json = HubEnvelope.Write(snapshot ? "active_calls_update" : "call_event", "calls", seq, _time.GetUtcNow(), new { seq }),
    };

    // As the backplane would deliver it: the stream's next seq, stamped with the test clock.
    private void Publish(RealtimeHub hub, string type, object data, bool isSnapshot)
    {
        var seq = hub.CurrentSeq("t", "calls") + 1;
        var ts = _time.GetUtcNow();
        Assert.Equal(ApplyResult.Applied, hub.Apply(new HubMessage
        {
            Tenant = "t",
            Topic = "calls",
            Type = type,
            Seq = seq,
            IsSnapshot = isSnapshot,
            Timestamp = ts,
            Json = HubEnvelope.Write(type, "calls", seq, ts, data),
        }));
    }

    private sealed class NullSubscriber : IHubSubscriber
    {
        public void Deliver(HubMessage message)
        {
        }

        public void Resync(string topic, HubMessage? snapshot)
        {
        }
    }
}
