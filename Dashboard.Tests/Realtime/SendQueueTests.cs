using Dashboard.Realtime;
using System.Text;

namespace Dashboard.Tests.Realtime;

/// <summary>The per-connection queue: order, snapshot coalescing, bounds (docs/protocol.md §3.11).</summary>
public sealed class SendQueueTests
{
    private static HubMessage Message(string topic, long seq, bool snapshot, int size = 10) =>
        TestHubMessages.Of(topic, seq, snapshot, new string('x', size));

    private static async Task<List<long>> DrainAsync(SendQueue queue)
    {
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

    [Fact]
    public async Task An_unsent_snapshot_is_superseded_by_the_newer_one_and_order_is_kept()
    {
        var coalesced = new List<string>();
        var queue = new SendQueue(100, 1 << 20, new QueueOwner(coalesced.Add));
        queue.Deliver(Message("metrics", 1, snapshot: true));
        queue.Deliver(Message("calls", 1, snapshot: false));
        queue.Deliver(Message("metrics", 2, snapshot: true));
        queue.Deliver(Message("calls", 2, snapshot: false));
        queue.Deliver(Message("metrics", 3, snapshot: true));

        Assert.Equal(3, queue.Count);
        Assert.Equal(["metrics", "metrics"], coalesced);
        Assert.Equal([1, 2, 3], await DrainAsync(queue));
    }

    [Fact]
    public async Task An_older_snapshot_arriving_late_never_replaces_a_newer_queued_one()
    {
        var queue = new SendQueue(100, 1 << 20, new QueueOwner());
        queue.Deliver(Message("metrics", 7, snapshot: true));
        queue.Deliver(Message("metrics", 5, snapshot: true));
        Assert.Equal([7], await DrainAsync(queue));
    }

    [Fact]
    public async Task A_resync_is_followed_by_the_snapshot_even_when_that_snapshot_was_still_queued_before_it()
    {
        var queue = new SendQueue(100, 1 << 20, new QueueOwner(resyncFrame: topic => Encoding.UTF8.GetBytes($"resync {topic}")));
        queue.Deliver(Message("calls", 1, snapshot: true));
        queue.Deliver(Message("calls", 2, snapshot: false));

        // The stream skipped seqs 3–4: the client is told, then given the state to start from (seq 1), then 5.
        queue.Resync("calls", Message("calls", 1, snapshot: true));
        queue.Deliver(Message("calls", 5, snapshot: false));

        // -1 is the control frame: nothing of the topic's state comes before it but the event already queued.
        Assert.Equal([2, -1, 1, 5], await DrainAsync(queue));
    }

    [Fact]
    public async Task Events_are_never_coalesced()
    {
        var queue = new SendQueue(100, 1 << 20, new QueueOwner());
        for (var i = 1; i <= 5; i++)
        {
            queue.Deliver(Message("calls", i, snapshot: false));
        }

        Assert.Equal([1, 2, 3, 4, 5], await DrainAsync(queue));
    }

    [Fact]
    public void Exceeding_the_message_bound_overflows_once_and_stops_accepting()
    {
        var overflows = 0;
        var queue = new SendQueue(8, 1 << 20, new QueueOwner(onOverflowed: () => overflows++));
        for (var i = 1; i <= 20; i++)
        {
            queue.Deliver(Message("calls", i, snapshot: false));
        }

        Assert.Equal(1, overflows);
        Assert.True(queue.Count <= 9);
    }

    [Fact]
    public void Exceeding_the_byte_bound_overflows()
    {
        var overflowed = false;
        var queue = new SendQueue(1000, 64 * 1024, new QueueOwner(onOverflowed: () => overflowed = true));
        for (var i = 1; i <= 10 && !overflowed; i++)
        {
            queue.Deliver(Message("calls", i, snapshot: false, size: 10_000));
        }

        Assert.True(overflowed);
    }

    [Fact]
    public void Coalescing_keeps_a_flood_of_snapshots_within_bounds()
    {
        var overflowed = false;
        var queue = new SendQueue(8, 1 << 20, new QueueOwner(onOverflowed: () => overflowed = true));
        for (var i = 1; i <= 10_000; i++)
        {
            queue.Deliver(Message("metrics", i, snapshot: true));
        }

        Assert.False(overflowed);
        Assert.Equal(1, queue.Count);
    }
}
