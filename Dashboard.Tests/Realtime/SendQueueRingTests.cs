using Dashboard.Realtime;
using System.Text;

namespace Dashboard.Tests.Realtime;

/// <summary>
/// The send queue's ring (no allocation per message): order, coalescing and resync under growth, compaction and batch
/// takes, checked against a plain list that does the same thing the slow way; and a stalled reader's ring stays small.
/// </summary>
public sealed class SendQueueRingTests
{
    private static HubMessage Message(string topic, long seq, bool snapshot, string id) => TestHubMessages.Of(topic, seq, snapshot, id);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Random_deliveries_resyncs_and_batch_takes_come_out_as_a_plain_list_says(int seed)
    {
        var random = new Random(seed);
        var queue = new SendQueue(100_000, 1L << 30, new QueueOwner(resyncFrame: topic => Encoding.UTF8.GetBytes($"resync {topic} {Guid.NewGuid():N}")));
        var model = new List<(string Id, string Topic, bool Snapshot, long Seq)>();
        var taken = new List<string>();
        var expected = new List<string>();
        var topics = new[] { "a", "b", "c", "d", "e" };
        var seq = 0L;
        var batch = new ReadOnlyMemory<byte>[64];

        for (var step = 0; step < 20_000; step++)
        {
            var topic = topics[random.Next(topics.Length)];
            var id = $"m{step}";
            switch (random.Next(10))
            {
                case < 4:
                    queue.Deliver(Message(topic, ++seq, snapshot: false, id));
                    model.Add((id, topic, false, seq));
                    break;
                case < 7:
                    // Now and then a stale snapshot (a lower seq than the queued one), which must not replace it.
                    var snapshotSeq = random.Next(8) == 0 ? Math.Max(0, seq - 3) : ++seq;
                    queue.Deliver(Message(topic, snapshotSeq, snapshot: true, id));
                    var queued = model.FindIndex(m => m.Snapshot && m.Topic == topic);
                    if (queued >= 0 && model[queued].Seq >= snapshotSeq)
                    {
                        break;
                    }

                    if (queued >= 0)
                    {
                        model.RemoveAt(queued);
                    }

                    model.Add((id, topic, true, snapshotSeq));
                    break;
                case 7:
                    queue.Resync(topic, Message(topic, ++seq, snapshot: true, id));
                    model.RemoveAll(m => m.Snapshot && m.Topic == topic);
                    model.Add(("resync", topic, false, 0));
                    model.Add((id, topic, true, seq));
                    break;
                default:
                    // The reader takes a batch of 1–64 (within 200 bytes after the first), or trims when drained.
                    var count = queue.TryDequeueBatch(batch.AsSpan(0, random.Next(1, 65)), 200);
                    for (var i = 0; i < count; i++)
                    {
                        var json = Encoding.UTF8.GetString(batch[i].Span);
                        taken.Add(json.StartsWith("resync", StringComparison.Ordinal) ? "resync" : json);
                    }

                    expected.AddRange(model.Take(count).Select(m => m.Id));
                    model.RemoveRange(0, count);
                    Assert.Equal(model.Count, queue.Count);
                    if (count == 0)
                    {
                        Assert.True(queue.TrimIfIdle());
                    }

                    break;
            }
        }

        queue.Complete();
        while (queue.TryDequeue(out var json, out _))
        {
            var text = Encoding.UTF8.GetString(json.Span);
            taken.Add(text.StartsWith("resync", StringComparison.Ordinal) ? "resync" : text);
        }

        expected.AddRange(model.Select(m => m.Id));
        Assert.Equal(expected, taken);
    }

    [Fact]
    public void A_stalled_readers_ring_stays_under_four_times_its_entries_however_many_snapshots_were_superseded()
    {
        var queue = new SendQueue(1024, 1L << 30, new QueueOwner());
        for (var i = 1; i <= 100_000; i++)
        {
            queue.Deliver(Message($"topic{i % 3}", i, snapshot: true, $"s{i}"));
            if (i % 1000 == 0)
            {
                queue.Deliver(Message("calls", i, snapshot: false, $"e{i}"));
            }
        }

        // 3 snapshots and 100 events queued: 103 entries in under 4 × 103 slots, not one slot per superseded snapshot.
        Assert.Equal(103, queue.Count);
        Assert.InRange(queue.RingSlots, 103, 4 * 103 - 1);
    }

    [Fact]
    public void Delivering_to_a_queue_that_has_room_allocates_nothing_per_message()
    {
        var queue = new SendQueue(100_000, 1L << 30, new QueueOwner());
        var messages = Enumerable.Range(1, 4096).Select(i => Message("calls", i, snapshot: false, $"e{i}")).ToArray();
        var batch = new ReadOnlyMemory<byte>[256];

        // The first round grows the ring to fit; the second reuses it.
        for (var round = 0; round < 2; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            foreach (var message in messages)
            {
                queue.Deliver(message);
            }

            while (queue.TryDequeueBatch(batch, int.MaxValue) > 0)
            {
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (round == 1)
            {
                Assert.True(allocated < 1024, $"{allocated} bytes allocated for {messages.Length} deliveries");
            }
        }
    }
}
