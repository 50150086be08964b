namespace Dashboard.Realtime;

/// <summary>
/// A connection's bounded outbound queue, shared by the WebSocket and SSE transports. Hub messages arrive from
/// publishers (under the stream lock, so <see cref="Deliver"/> never blocks); the connection's single send loop drains it.
/// </summary>
/// <remarks>
/// Backpressure: an unsent snapshot of a topic is removed when a newer one of the same topic arrives (coalescing: the new
/// one is appended, so seq order holds; an older one arriving late is dropped). When the queue still exceeds its message
/// or byte bound the consumer is too slow: <see cref="ISendQueueOwner.Overflowed"/> is told once and the queue stops accepting, so one slow
/// client costs bounded memory and never delays the publisher or other clients.
/// </remarks>
/// <remarks>
/// Memory (docs/limits.md, "Memory per connection"): an idle connection's queue holds no ring and no snapshot index; both
/// are made by the first message and dropped by <see cref="TrimIfIdle"/> (the heartbeat sweep) once drained, and a
/// message costs no allocation (the ring is one array of entries, SendQueue.Ring.cs). What the queue reports goes to one
/// <see cref="ISendQueueOwner"/>, the connection itself, rather than to a delegate and closure per callback.
/// </remarks>
internal sealed partial class SendQueue : IHubSubscriber
{
    /// <summary>Most messages a transport takes from its queue and writes with one write and one flush.</summary>
    public const int BatchMessages = 256;

    /// <summary>
    /// Most payload bytes a transport writes with one flush (a single larger message goes alone): 64 KiB fills a
    /// loopback send, and a write waiting for a slow client holds at most this much besides the queue itself.
    /// </summary>
    public const int BatchBytes = 64 * 1024;

    // The position (SendQueue.Ring.cs) of each topic's queued snapshot.
    private Dictionary<string, long>? _pendingSnapshots;
    private readonly Lock _lock = new();
    private readonly int _maxMessages;
    private readonly long _maxBytes;
    private readonly ISendQueueOwner _owner;
    private long _bytes;
    private bool _accepting = true;
    private bool _completed;

    /// <param name="maxMessages">Most messages held before the consumer counts as slow.</param>
    /// <param name="maxBytes">Most bytes held before the consumer counts as slow.</param>
    /// <param name="owner">What the queue reports to: coalesced snapshots, resumes, overflow, the transport's resync frame.</param>
    public SendQueue(int maxMessages, long maxBytes, ISendQueueOwner owner)
    {
        _maxMessages = maxMessages;
        _maxBytes = maxBytes;
        _owner = owner;
    }

    /// <summary>
    /// A connection's queue sized by <c>Realtime:SendQueueMessages</c>/<c>SendQueueBytes</c>, reporting to
    /// <paramref name="owner"/> (which counts drops, resumes and slow-consumer closes, see <see cref="ISendQueueOwner"/>).
    /// </summary>
    /// <param name="options">Realtime options (queue bounds).</param>
    /// <param name="owner">The connection.</param>
    public static SendQueue ForConnection(RealtimeOptions options, ISendQueueOwner owner) =>
        new(options.SendQueueMessages, options.SendQueueBytes, owner);

    /// <summary>Messages waiting.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>
    /// Most missed messages a resume may replay now: half the room left in the queue. It is per connection, not per topic,
    /// so resuming several busy topics at once cannot overflow the queue (each later topic sees less room and resyncs).
    /// </summary>
    public int ReplayBudget
    {
        get
        {
            lock (_lock)
            {
                return (_maxMessages - _count) / 2;
            }
        }
    }

    /// <inheritdoc />
    public void Deliver(HubMessage message) => Enqueue(new Entry(message.Json, message));

    /// <inheritdoc />
    /// <remarks>
    /// A queue made without a resync frame (not a connection's) only gets the snapshot. A snapshot of the topic still
    /// queued is removed first, so the resync is followed by exactly one snapshot, the one given.
    /// </remarks>
    public void Resync(string topic, HubMessage? snapshot)
    {
        // A snapshot of the topic still waiting here would otherwise sit before the resync and make the one after it a
        // duplicate to drop: the client must get the state after the resync.
        lock (_lock)
        {
            if (_pendingSnapshots is not null && _pendingSnapshots.Remove(topic, out var pending))
            {
                _bytes -= RemoveAt(pending).Json.Length;
                _owner.Coalesced(topic);
            }
        }

        if (_owner.ResyncFrame(topic) is { } frame)
        {
            EnqueueControl(frame);
        }

        if (snapshot is not null)
        {
            Deliver(snapshot);
        }
    }

    /// <summary>Queues a connection-specific control message (already serialised). Control messages are never coalesced.</summary>
    /// <exception cref="ArgumentException"><paramref name="json"/> is empty.</exception>
    public void EnqueueControl(ReadOnlyMemory<byte> json)
    {
        ArgumentOutOfRangeException.ThrowIfZero(json.Length, nameof(json));
        Enqueue(new Entry(json, null));
    }

    /// <summary>
    /// Queues the start of a subscription (docs/protocol.md §3.4, §4): without <paramref name="since"/> the snapshot; with it the
    /// missed messages, or <paramref name="resync"/> and the snapshot when they are gone or too many to replay at once. A feed
    /// topic's snapshot is followed by its <see cref="SubscriptionStart.Tail"/> when the queue has room for all of it.
    /// Call under the stream lock (from the hub's subscribe callback) so nothing later overtakes it.
    /// </summary>
    public void Begin(SubscriptionStart start, long? since, Func<byte[]> resync)
    {
        if (since is not null && start.Missed is { } missed && missed.Count <= ReplayBudget)
        {
            foreach (var m in missed)
            {
                Deliver(m);
            }

            _owner.Resumed(true);
            return;
        }

        if (since is not null && since != start.Seq)
        {
            EnqueueControl(resync());
            _owner.Resumed(false);
        }
        else if (since is not null)
        {
            // Already at the stream's seq: nothing was missed, which is a (trivially) successful replay.
            _owner.Resumed(true);
        }

        if (start.Snapshot is { } snapshot && (since is null || since != start.Seq))
        {
            Deliver(snapshot);

            // All or none: a partial tail would skip seqs. Without it the feed starts from the snapshot alone.
            if (start.Tail is { } tail && tail.Count <= ReplayBudget)
            {
                foreach (var m in tail)
                {
                    Deliver(m);
                }
            }
        }
    }

    /// <summary>Stops accepting; the reader sees the end after draining what is queued.</summary>
    public void Complete()
    {
        bool wake;
        lock (_lock)
        {
            _accepting = false;
            _completed = true;
            wake = TakeWaiter();
        }

        Wake(wake);
    }

    private void Enqueue(Entry entry)
    {
        bool wake;
        bool overflow;
        lock (_lock)
        {
            if (!_accepting)
            {
                return;
            }

            if (entry.Message is { IsSnapshot: true } snapshot)
            {
                var pendingSnapshots = _pendingSnapshots ??= new Dictionary<string, long>(StringComparer.Ordinal);
                if (pendingSnapshots.TryGetValue(snapshot.Topic, out var older))
                {
                    if (PeekAt(older).Message!.Seq >= snapshot.Seq)
                    {
                        // A refresh or replay racing a newer publish: the queued snapshot is already fresher.
                        _owner.Coalesced(snapshot.Topic);
                        return;
                    }

                    _bytes -= RemoveAt(older).Json.Length;
                    _owner.Coalesced(snapshot.Topic);
                }

                pendingSnapshots[snapshot.Topic] = Append(entry);
            }
            else
            {
                Append(entry);
            }

            _bytes += entry.Json.Length;
            overflow = _count > _maxMessages || _bytes > _maxBytes;
            if (overflow)
            {
                _accepting = false;
            }

            wake = TakeWaiter();
        }

        Wake(wake);
        if (overflow)
        {
            // The owner decides how to close (4008 for WebSocket, end of stream for SSE) and then completes the queue.
            _owner.Overflowed();
        }
    }

    /// <summary>
    /// Drops the list and the snapshot index while nothing is queued, so an idle connection holds neither; the next
    /// message makes them again. Called by the owner's heartbeat sweep (once a second), not per message: a busy queue that
    /// drains and refills between messages keeps them.
    /// </summary>
    /// <returns>True when the queue holds no collections afterwards.</returns>
    public bool TrimIfIdle()
    {
        lock (_lock)
        {
            if (_count > 0)
            {
                return false;
            }

            DropRing();
            _pendingSnapshots = null;
            return true;
        }
    }
}
