using Dashboard.Realtime;
using System.Text;

namespace Dashboard.Tests.Realtime;

/// <summary>
/// The idle queue gives its collections back (SendQueue.TrimIfIdle, docs/limits.md "Memory per connection") and keeps
/// every rule after it: order, coalescing, the bounds and a waiting reader.
/// </summary>
public sealed class SendQueueTrimTests
{
    private static HubMessage Message(string topic, long seq, bool snapshot) => TestHubMessages.Of(topic, seq, snapshot, "0123456789");

    private static async Task<long> NextSeqAsync(SendQueue queue)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var (ok, _, message) = await queue.DequeueAsync(timeout.Token);
        Assert.True(ok);
        return message!.Seq;
    }

    [Fact]
    public async Task A_queue_trimmed_while_drained_still_delivers_in_order_and_coalesces()
    {
        var coalesced = new List<string>();
        var queue = new SendQueue(100, 1 << 20, new QueueOwner(coalesced.Add));
        Assert.True(queue.TrimIfIdle());

        queue.Deliver(Message("metrics", 1, snapshot: true));
        queue.Deliver(Message("calls", 1, snapshot: false));
        Assert.False(queue.TrimIfIdle());
        Assert.Equal(1, await NextSeqAsync(queue));
        Assert.Equal(1, await NextSeqAsync(queue));
        Assert.True(queue.TrimIfIdle());
        Assert.Equal(0, queue.Count);

        // After the trim: a new list and snapshot index; the old pending snapshot (sent) does not confuse coalescing.
        queue.Deliver(Message("metrics", 2, snapshot: true));
        queue.Deliver(Message("calls", 2, snapshot: false));
        queue.Deliver(Message("metrics", 3, snapshot: true));
        Assert.Equal(["metrics"], coalesced);
        Assert.Equal(2, queue.Count);
        Assert.Equal(2, await NextSeqAsync(queue));
        Assert.Equal(3, await NextSeqAsync(queue));
        Assert.True(queue.TrimIfIdle());
    }

    [Fact]
    public async Task A_reader_waiting_on_a_trimmed_queue_gets_the_next_message()
    {
        var queue = new SendQueue(100, 1 << 20, new QueueOwner());
        var next = NextSeqAsync(queue);
        Assert.True(queue.TrimIfIdle());
        Assert.False(next.IsCompleted);

        queue.Deliver(Message("calls", 42, snapshot: false));
        Assert.Equal(42, await next);
    }

    [Fact]
    public void The_bounds_count_from_zero_again_after_a_trim()
    {
        var overflows = 0;
        var queue = new SendQueue(3, 1 << 20, new QueueOwner(onOverflowed: () => overflows++));
        for (var seq = 1; seq <= 3; seq++)
        {
            queue.Deliver(Message("calls", seq, snapshot: false));
        }

        Assert.False(queue.TrimIfIdle());
        Assert.Equal(0, overflows);
        queue.Deliver(Message("calls", 4, snapshot: false));
        Assert.Equal(1, overflows);
    }

    [Fact]
    public async Task A_reader_waiting_without_allocation_misses_no_wake_under_a_concurrent_writer()
    {
        const int Count = 200_000;
        var queue = new SendQueue(Count + 1, long.MaxValue / 2, new QueueOwner());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var reader = Task.Run(async () =>
        {
            long expected = 1;
            while (true)
            {
                while (queue.TryDequeue(out _, out var message))
                {
                    Assert.Equal(expected++, message!.Seq);
                }

                if (!await queue.WaitToReadAsync().AsTask().WaitAsync(timeout.Token))
                {
                    return expected - 1;
                }
            }
        });
        var writer = Task.Run(() =>
        {
            for (var seq = 1; seq <= Count; seq++)
            {
                queue.Deliver(Message("calls", seq, snapshot: false));
                if (seq % 1000 == 0)
                {
                    queue.TrimIfIdle();
                }
            }

            queue.Complete();
        });

        await writer.WaitAsync(timeout.Token);
        Assert.Equal(Count, await reader.WaitAsync(timeout.Token));
    }
}
