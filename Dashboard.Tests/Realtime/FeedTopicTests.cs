using Dashboard.Observability;
using Dashboard.Realtime;
using Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.Realtime;

/// <summary>
/// Feed topics (docs/protocol.md §5, "Feed topics"): a subscription that starts from the snapshot also gets the entries
/// published after it, so a client subscribing between a tick's snapshot and the next one misses nothing.
/// </summary>
public sealed class FeedTopicTests
{
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 1, 0, 0, TimeSpan.Zero));

    private RealtimeHub Hub(int size = 100) => new(
        _time,
        new DashboardMetrics(Prometheus.Metrics.NewCustomRegistry()),
        Options.Create(new RealtimeOptions { HistorySize = size, HistoryTtl = TimeSpan.FromSeconds(60) }));

    [Fact]
    public async Task A_feed_subscription_gets_the_snapshot_then_every_entry_published_after_it()
    {
        var hub = Hub();
        Publish(hub, "activity", snapshot: false);
        Publish(hub, "activity", snapshot: true);
        Publish(hub, "activity", snapshot: false);
        Publish(hub, "activity", snapshot: false);

        Assert.Equal([2L, 3, 4], await StartAsync(hub, "activity", since: null));
    }

    [Fact]
    public async Task Another_topic_still_starts_from_its_snapshot_alone()
    {
        var hub = Hub();
        Publish(hub, "calls", snapshot: true);
        Publish(hub, "calls", snapshot: false);

        Assert.Equal([1L], await StartAsync(hub, "calls", since: null));
    }

    [Fact]
    public async Task A_feed_resync_sends_the_snapshot_and_its_tail()
    {
        var hub = Hub();
        Publish(hub, "activity", snapshot: true);
        Publish(hub, "activity", snapshot: false);

        // A since from another epoch (ahead of the stream) cannot be replayed: resync (-1 here), snapshot, tail.
        Assert.Equal([-1L, 1, 2], await StartAsync(hub, "activity", since: 9));
    }

    [Fact]
    public async Task A_tail_no_longer_whole_in_the_history_is_left_out_rather_than_sent_with_a_hole()
    {
        var hub = Hub(size: 3);
        Publish(hub, "activity", snapshot: true);
        for (var i = 0; i < 4; i++)
        {
            Publish(hub, "activity", snapshot: false);
        }

        Assert.Equal([1L], await StartAsync(hub, "activity", since: null));
    }

    [Fact]
    public async Task A_tail_larger_than_the_queue_has_room_for_is_left_out_whole()
    {
        var hub = Hub();
        Publish(hub, "activity", snapshot: true);
        for (var i = 0; i < 10; i++)
        {
            Publish(hub, "activity", snapshot: false);
        }

        // Room for 8 messages: after the snapshot the replay budget is (8 - 1) / 2 = 3, less than the 10 entries.
        Assert.Equal([1L], await StartAsync(hub, "activity", since: null, maxMessages: 8));
    }

    private static async Task<List<long>> StartAsync(RealtimeHub hub, string topic, long? since, int maxMessages = 100)
    {
        var queue = new SendQueue(maxMessages, 1 << 20, new QueueOwner(resyncFrame: t => [(byte)'r']));
        hub.Subscribe("t", topic, queue, since, start => queue.Begin(start, since, () => [(byte)'r']));
        queue.Complete();
        var seqs = new List<long>();
        while (true)
        {
            var (ok, _, message) = await queue.DequeueAsync(CancellationToken.None);
            if (!ok)
            {
                return seqs;
            }

            seqs.Add(message?.Seq ?? -1);
        }
    }

    private void Publish(RealtimeHub hub, string topic, bool snapshot)
    {
        var seq = hub.CurrentSeq("t", topic) + 1;
        var ts = _time.GetUtcNow();
        var type = topic == "activity" ? "activity" : snapshot ? "active_calls_update" : "call_event";
        Assert.Equal(ApplyResult.Applied, hub.Apply(new HubMessage
        {
            Tenant = "t",
            Topic = topic,
            Type = type,
            Seq = seq,
            IsSnapshot = snapshot,
            Timestamp = ts,
            Json = HubEnvelope.Write(type, topic, seq, ts, new { seq }),
        }));
    }
}
