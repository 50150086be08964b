namespace Dashboard.Realtime;

/// <summary>
/// A connection's bounded outbound queue, shared by the WebSocket and SSE transports. Hub messages arrive from
/// publishers (under the stream lock, so <see cref="Deliver"/> never blocks); the connection's single send loop drains it.
/// </summary>
/// <remarks>
/// Backpressure: an unsent snapshot of a topic is removed when a newer one of the same topic arrives (coalescing: the new
/// one is appended, so seq order holds; an older one arriving late is dropped). When the queue still exceeds its message
/// or byte bound the consumer is too slow: <see cref="Overflowed"/> fires once and the queue stops accepting, so one slow
/// client costs bounded memory and never delays the publisher or other clients.
/// </remarks>
internal sealed class SendQueue : IHubSubscriber
{
    private readonly LinkedList<Entry> _entries = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _pendingSnapshots = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly int _maxMessages;
    private readonly long _maxBytes;
    private readonly Action<string> _onCoalesced;
    private Action<bool>? _onResume;
    private readonly Func<string, byte[]>? _resyncFrame;
    private long _bytes;
    private bool _accepting = true;
    private bool _completed;
    private TaskCompletionSource? _waiter;

    /// <param name="maxMessages">Most messages held before the consumer counts as slow.</param>
    /// <param name="maxBytes">Most bytes held before the consumer counts as slow.</param>
    /// <param name="onCoalesced">Called (under the queue lock) with the topic whenever a queued snapshot is dropped.</param>
    /// <param name="resyncFrame">The transport's <c>resync</c> frame for a topic (<see cref="Resync"/>); null sends none.</param>
    public SendQueue(int maxMessages, long maxBytes, Action<string> onCoalesced, Func<string, byte[]>? resyncFrame = null)
    {
        _maxMessages = maxMessages;
        _maxBytes = maxBytes;
        _onCoalesced = onCoalesced;
        _resyncFrame = resyncFrame;
    }

    /// <summary>
    /// A connection's queue sized by <c>Realtime:SendQueueMessages</c>/<c>SendQueueBytes</c>, counting coalesced and
    /// slow-consumer drops on <c>dashboard_messages_dropped_total{transport,reason}</c>, slow-consumer closes on
    /// <c>dashboard_slow_consumer_closes_total{transport}</c> and resumes on <c>dashboard_resumes_total{transport,result}</c>.
    /// </summary>
    /// <param name="options">Realtime options (queue bounds).</param>
    /// <param name="metrics">Where drops are counted.</param>
    /// <param name="transport"><c>websocket</c> or <c>sse</c>, the <c>transport</c> label.</param>
    /// <param name="onSlowConsumer">How the transport closes (runs on the publisher's thread under the stream lock: it must not block).</param>
    /// <param name="resyncFrame">The transport's <c>resync</c> frame for a topic (<see cref="Resync"/>).</param>
    public static SendQueue ForConnection(
        RealtimeOptions options, Observability.DashboardMetrics metrics, string transport, Action onSlowConsumer, Func<string, byte[]> resyncFrame)
    {
        var queue = new SendQueue(options.SendQueueMessages, options.SendQueueBytes, _ => metrics.MessageDropped(transport, "coalesced"), resyncFrame)
        {
            _onResume = replayed => metrics.Resumed(transport, replayed),
        };
        queue.Overflowed += () =>
        {
            metrics.MessageDropped(transport, "slow_consumer");
            metrics.SlowConsumerClosed(transport);
            onSlowConsumer();
        };
        return queue;
    }

    /// <summary>Raised once, on the publisher's thread and before the queue completes, when the bounds are exceeded.</summary>
    public event Action? Overflowed;

    /// <summary>Messages waiting.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
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
                return (_maxMessages - _entries.Count) / 2;
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
            if (_pendingSnapshots.Remove(topic, out var pending))
            {
                _entries.Remove(pending);
                _bytes -= pending.Value.Json.Length;
                _onCoalesced(topic);
            }
        }

        if (_resyncFrame is { } frame)
        {
            EnqueueControl(frame(topic));
        }

        if (snapshot is not null)
        {
            Deliver(snapshot);
        }
    }

    /// <summary>Queues a connection-specific control message (already serialised). Control messages are never coalesced.</summary>
    public void EnqueueControl(ReadOnlyMemory<byte> json) => Enqueue(new Entry(json, null));

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

            _onResume?.Invoke(true);
            return;
        }

        if (since is not null && since != start.Seq)
        {
            EnqueueControl(resync());
            _onResume?.Invoke(false);
        }
        else if (since is not null)
        {
            // Already at the stream's seq: nothing was missed, which is a (trivially) successful replay.
            _onResume?.Invoke(true);
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
        TaskCompletionSource? waiter;
        lock (_lock)
        {
            _accepting = false;
            _completed = true;
            waiter = TakeWaiter();
        }

        waiter?.TrySetResult();
    }

    /// <summary>Waits for the next message; <c>Ok</c> is false once completed and drained.</summary>
    public async ValueTask<(bool Ok, ReadOnlyMemory<byte> Json, HubMessage? Message)> DequeueAsync(CancellationToken ct)
    {
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (_entries.First is { } first)
                {
                    _entries.RemoveFirst();
                    _bytes -= first.Value.Json.Length;
                    if (first.Value.Message is { IsSnapshot: true } m && _pendingSnapshots.TryGetValue(m.Topic, out var pending) && pending == first)
                    {
                        _pendingSnapshots.Remove(m.Topic);
                    }

                    return (true, first.Value.Json, first.Value.Message);
                }

                if (_completed)
                {
                    return (false, default, null);
                }

                _waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _waiter.Task;
            }

            await wait.WaitAsync(ct);
        }
    }

    private void Enqueue(Entry entry)
    {
        TaskCompletionSource? waiter;
        bool overflow;
        lock (_lock)
        {
            if (!_accepting)
            {
                return;
            }

            if (entry.Message is { IsSnapshot: true } snapshot)
            {
                if (_pendingSnapshots.TryGetValue(snapshot.Topic, out var older))
                {
                    if (older.Value.Message!.Seq >= snapshot.Seq)
                    {
                        // A refresh or replay racing a newer publish: the queued snapshot is already fresher.
                        _onCoalesced(snapshot.Topic);
                        return;
                    }

                    _entries.Remove(older);
                    _bytes -= older.Value.Json.Length;
                    _onCoalesced(snapshot.Topic);
                }

                _pendingSnapshots[snapshot.Topic] = _entries.AddLast(entry);
            }
            else
            {
                _entries.AddLast(entry);
            }

            _bytes += entry.Json.Length;
            overflow = _entries.Count > _maxMessages || _bytes > _maxBytes;
            if (overflow)
            {
                _accepting = false;
            }

            waiter = TakeWaiter();
        }

        waiter?.TrySetResult();
        if (overflow)
        {
            // The owner decides how to close (4008 for WebSocket, end of stream for SSE) and then completes the queue.
            Overflowed?.Invoke();
        }
    }

    private TaskCompletionSource? TakeWaiter()
    {
        var waiter = _waiter;
        _waiter = null;
        return waiter;
    }

    private readonly record struct Entry(ReadOnlyMemory<byte> Json, HubMessage? Message);
}
