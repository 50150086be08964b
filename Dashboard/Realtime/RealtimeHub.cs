using System.Collections.Concurrent;
using Dashboard.Observability;

namespace Dashboard.Realtime;

/// <summary>Where a new subscription starts.</summary>
/// <param name="Seq">The stream's current seq (0 before the first message).</param>
/// <param name="Snapshot">The newest snapshot, or null.</param>
/// <param name="Missed">Messages after the client's <c>since</c>, oldest first; null when the gap is no longer in the history.</param>
public sealed record SubscriptionStart(long Seq, HubMessage? Snapshot, IReadOnlyList<HubMessage>? Missed);

/// <summary>What <see cref="RealtimeHub.Apply"/> did with a message.</summary>
public enum ApplyResult
{
    /// <summary>Applied and queued to this node's subscribers.</summary>
    Applied,

    /// <summary>Applied after a gap that could not be filled; the stream's history was cleared first.</summary>
    AppliedAfterGap,

    /// <summary>Already applied (seq at or below the stream's); ignored.</summary>
    Duplicate,

    /// <summary>Not applied: seqs before it are missing. Fill them first, or apply with <c>acceptGap</c>.</summary>
    Gap,
}

/// <summary>
/// This node's copy of the (tenant, topic) streams: each stream's seq, newest snapshot and bounded history, and its
/// subscribers here. Messages arrive already sequenced by the backplane (every node applies every message, in seq
/// order), and each is handed as the same bytes to every subscriber without waiting for any of them.
/// </summary>
/// <remarks>
/// Applying and fan-out happen under the stream's lock so every subscriber sees one stream in seq order and a new
/// subscriber's snapshot is never overtaken by an older message. The lock is held only for non-blocking queue writes.
/// </remarks>
public sealed class RealtimeHub(TimeProvider time, DashboardMetrics metrics, Microsoft.Extensions.Options.IOptions<RealtimeOptions> options)
{
    private readonly ConcurrentDictionary<(string Tenant, string Topic), TopicStream> _streams = new();
    private readonly int _historySize = options.Value.HistorySize;
    private readonly TimeSpan _historyTtl = options.Value.HistoryTtl;

    /// <summary>
    /// Applies a message the backplane has sequenced (<see cref="Backplane.RealtimePublisher"/>): records it as the stream's
    /// newest (and snapshot, when it is one), keeps it in the history and queues it to every subscriber on this node.
    /// </summary>
    /// <param name="message">A message of seq <c>current + 1</c>; any seq is accepted by a stream this node has never seen.</param>
    /// <param name="acceptGap">
    /// True to apply a message that skips seqs anyway (the skipped ones are gone from the log): the history is cleared
    /// first, so no resume is ever answered across the gap; false to refuse it with <see cref="ApplyResult.Gap"/>.
    /// </param>
    /// <returns>Whether it was applied, already applied (a duplicate, ignored), or refused for a gap.</returns>
    public ApplyResult Apply(HubMessage message, bool acceptGap = false)
    {
        var started = time.GetTimestamp();
        var stream = GetStream(message.Tenant, message.Topic);
        Monitor.Enter(stream);
        try
        {
            while (stream.Retired)
            {
                Monitor.Exit(stream);
                stream = GetStream(message.Tenant, message.Topic);
                Monitor.Enter(stream);
            }

            if (message.Seq <= stream.Seq)
            {
                return ApplyResult.Duplicate;
            }

            var result = ApplyResult.Applied;
            if (message.Seq != stream.Seq + 1 && stream.Seq != 0)
            {
                if (!acceptGap)
                {
                    return ApplyResult.Gap;
                }

                stream.ClearHistory();
                result = ApplyResult.AppliedAfterGap;
            }

            stream.Seq = message.Seq;
            if (message.IsSnapshot)
            {
                stream.Snapshot = message;
            }

            stream.Last = message;
            stream.Remember(message);

            foreach (var subscriber in stream.Subscribers)
            {
                subscriber.Deliver(message);
            }

            stream.ReleaseWaiters();
            metrics.RecordBroadcast(time.GetElapsedTime(started));
            return result;
        }
        finally
        {
            Monitor.Exit(stream);
        }
    }

    /// <summary>
    /// Moves a stream past <paramref name="seq"/> without a message (it is gone from the log): the history is cleared so
    /// no resume is answered across it, and publishers waiting for it are released. No-op when already past it.
    /// </summary>
    public void Skip(string tenant, string topic, long seq)
    {
        while (true)
        {
            var stream = GetStream(tenant, topic);
            lock (stream)
            {
                if (stream.Retired)
                {
                    continue;
                }

                if (seq > stream.Seq)
                {
                    stream.ClearHistory();
                    stream.Seq = seq;
                    stream.ReleaseWaiters();
                }

                return;
            }
        }
    }

    /// <summary>The seq of the stream's newest snapshot on this node; 0 when it has none.</summary>
    public long SnapshotSeq(string tenant, string topic)
    {
        if (!_streams.TryGetValue((tenant, topic), out var stream))
        {
            return 0;
        }

        lock (stream)
        {
            return stream.Snapshot?.Seq ?? 0;
        }
    }

    /// <summary>Completes once this node has applied seq <paramref name="seq"/> (or a later one) of the stream.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled first.</exception>
    public Task WhenAppliedAsync(string tenant, string topic, long seq, CancellationToken cancellationToken)
    {
        while (true)
        {
            var stream = GetStream(tenant, topic);
            lock (stream)
            {
                if (stream.Retired)
                {
                    continue;
                }

                return stream.Seq >= seq ? Task.CompletedTask : stream.AddWaiter(seq).WaitAsync(cancellationToken);
            }
        }
    }

    /// <summary>Every stream this node holds, with the last seq it applied (what the backplane catches up from).</summary>
    internal IReadOnlyList<Backplane.StreamPosition> Positions()
    {
        var positions = new List<Backplane.StreamPosition>(_streams.Count);
        foreach (var ((tenant, topic), stream) in _streams)
        {
            lock (stream)
            {
                if (stream.Seq > 0)
                {
                    positions.Add(new(tenant, topic, stream.Seq));
                }
            }
        }

        return positions;
    }

    /// <summary>The last seq this node applied on a stream; 0 before the first.</summary>
    public long CurrentSeq(string tenant, string topic)
    {
        if (!_streams.TryGetValue((tenant, topic), out var stream))
        {
            return 0;
        }

        lock (stream)
        {
            return stream.Seq;
        }
    }

    /// <summary>
    /// Adds <paramref name="subscriber"/> to the stream (once) and, under the same lock, calls <paramref name="onSubscribed"/> with
    /// the stream's position, so whatever it queues (subscribed, replay, snapshot) comes before any later message.
    /// </summary>
    /// <param name="tenant">Tenant id.</param>
    /// <param name="topic">Topic name.</param>
    /// <param name="subscriber">The connection's queue.</param>
    /// <param name="since">The last seq the client has, for resume (PROTOCOL.md §3.4); null for none.</param>
    /// <param name="onSubscribed">Receives the current seq, the snapshot, and the messages after <paramref name="since"/>
    /// (null when they are no longer all in the history: the client must resync).</param>
    public void Subscribe(string tenant, string topic, IHubSubscriber subscriber, long? since, Action<SubscriptionStart> onSubscribed)
    {
        while (true)
        {
            var stream = GetStream(tenant, topic);
            lock (stream)
            {
                if (stream.Retired)
                {
                    continue;
                }

                if (Array.IndexOf(stream.Subscribers, subscriber) < 0)
                {
                    stream.Subscribers = [.. stream.Subscribers, subscriber];
                }

                onSubscribed(new SubscriptionStart(stream.Seq, stream.Snapshot, since is { } s ? stream.After(s, time.GetUtcNow() - _historyTtl) : null));
                return;
            }
        }
    }

    /// <summary>Adds <paramref name="subscriber"/> for live messages only (no snapshot, no replay).</summary>
    public void Subscribe(string tenant, string topic, IHubSubscriber subscriber) =>
        Subscribe(tenant, topic, subscriber, since: null, static _ => { });

    /// <summary>Removes <paramref name="subscriber"/>; a no-op when it was not subscribed.</summary>
    public void Unsubscribe(string tenant, string topic, IHubSubscriber subscriber)
    {
        if (_streams.TryGetValue((tenant, topic), out var stream))
        {
            lock (stream)
            {
                stream.Subscribers = Array.FindAll(stream.Subscribers, s => !ReferenceEquals(s, subscriber));

                // A stream nobody reads and nobody has published to is dropped, so subscribing to arbitrary
                // campaign ids cannot grow memory. Retired streams are never reused: callers holding one retry.
                if (stream.Subscribers.Length == 0 && stream.Seq == 0 && !stream.HasWaiters)
                {
                    stream.Retired = true;
                    _streams.TryRemove(KeyValuePair.Create((tenant, topic), stream));
                }
            }
        }
    }

    /// <summary>
    /// The topic's newest snapshot; for topics that only carry events (<c>activity</c>, <c>notifications</c>), its newest
    /// message; null before the first.
    /// </summary>
    public HubMessage? Latest(string tenant, string topic)
    {
        if (!_streams.TryGetValue((tenant, topic), out var stream))
        {
            return null;
        }

        lock (stream)
        {
            return stream.Snapshot ?? stream.Last;
        }
    }

    /// <summary>
    /// The newest snapshot of <paramref name="topic"/> of every tenant this node holds one for (unordered); read at scrape
    /// time by <see cref="BusinessMetrics"/>. O(streams): meant for a scrape every few seconds, not for a hot path.
    /// </summary>
    public IReadOnlyList<HubMessage> Snapshots(string topic)
    {
        var snapshots = new List<HubMessage>();
        foreach (var ((_, streamTopic), stream) in _streams)
        {
            if (streamTopic != topic)
            {
                continue;
            }

            lock (stream)
            {
                if (stream.Snapshot is { } snapshot)
                {
                    snapshots.Add(snapshot);
                }
            }
        }

        return snapshots;
    }

    /// <summary>
    /// Queues the topic's latest message (<see cref="Latest"/>) to <paramref name="subscriber"/> under the stream lock, so it
    /// cannot overtake a newer message (the manual refresh of PROTOCOL.md §3.6). False when there is nothing yet.
    /// </summary>
    public bool Refresh(string tenant, string topic, IHubSubscriber subscriber)
    {
        if (!_streams.TryGetValue((tenant, topic), out var stream))
        {
            return false;
        }

        lock (stream)
        {
            if ((stream.Snapshot ?? stream.Last) is not { } latest)
            {
                return false;
            }

            subscriber.Deliver(latest);
            return true;
        }
    }

    /// <summary>Streams held in memory (for tests and diagnostics).</summary>
    internal int StreamCount => _streams.Count;

    /// <summary>Messages held in one stream's history (for tests and diagnostics).</summary>
    internal int HistoryCount(string tenant, string topic)
    {
        if (!_streams.TryGetValue((tenant, topic), out var stream))
        {
            return 0;
        }

        lock (stream)
        {
            return stream.HistoryCount;
        }
    }

    /// <summary>
    /// Drops history older than <c>Realtime:HistoryTtl</c> from every stream, so a stream that went quiet (an ended
    /// campaign) stops holding its last <c>HistorySize</c> messages. Snapshots stay: new subscribers and polling need them.
    /// </summary>
    /// <returns>Messages released.</returns>
    public int PruneHistory()
    {
        var cutoff = time.GetUtcNow() - _historyTtl;
        var released = 0;
        foreach (var stream in _streams.Values)
        {
            lock (stream)
            {
                released += stream.Prune(cutoff);
            }
        }

        return released;
    }

    private TopicStream GetStream(string tenant, string topic) =>
        _streams.GetOrAdd((tenant, topic), static (_, size) => new TopicStream(size), _historySize);

    private sealed class TopicStream(int historySize)
    {
        // Allocated on the first publish: a stream that is only subscribed to costs no history.
        private HubMessage?[]? _history;
        private int _historyCount;
        public long Seq;
        public HubMessage? Snapshot;
        public HubMessage? Last;
        public IHubSubscriber[] Subscribers = [];
        public bool Retired;

        // Publishers waiting for their message to reach this node (RealtimePublisher); usually none.
        private List<(long Seq, TaskCompletionSource Done)>? _waiters;

        public int HistoryCount => _historyCount;

        public bool HasWaiters => _waiters is not null;

        public Task AddWaiter(long seq)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            (_waiters ??= []).Add((seq, done));
            return done.Task;
        }

        public void ReleaseWaiters()
        {
            if (_waiters is null)
            {
                return;
            }

            var seq = Seq;
            _waiters.RemoveAll(w => w.Done.Task.IsCompleted || (w.Seq <= seq && w.Done.TrySetResult()));
            if (_waiters.Count == 0)
            {
                _waiters = null;
            }
        }

        public void ClearHistory()
        {
            if (_history is not null)
            {
                Array.Clear(_history);
            }

            _historyCount = 0;
        }

        // Oldest entries first (timestamps rise with seq); the array itself goes once it is empty.
        public int Prune(DateTimeOffset cutoff)
        {
            var released = 0;
            while (_historyCount > 0)
            {
                var index = (int)((Seq - _historyCount + 1) % _history!.Length);
                if (_history[index]!.Timestamp >= cutoff)
                {
                    break;
                }

                _history[index] = null;
                _historyCount--;
                released++;
            }

            if (_historyCount == 0)
            {
                _history = null;
            }

            return released;
        }

        public void Remember(HubMessage message)
        {
            if (historySize == 0)
            {
                return;
            }

            _history ??= new HubMessage?[historySize];
            _history[(int)(message.Seq % _history.Length)] = message;
            _historyCount = Math.Min(_historyCount + 1, _history.Length);
        }

        // Messages with seq > since, in order; null when some are no longer kept, are older than notBefore (HistoryTtl),
        // or since is from another epoch.
        public IReadOnlyList<HubMessage>? After(long since, DateTimeOffset notBefore)
        {
            if (since == Seq)
            {
                return [];
            }

            var oldest = Seq - _historyCount + 1;
            if (since > Seq || since + 1 < oldest || since < 0)
            {
                return null;
            }

            var result = new HubMessage[Seq - since];
            for (var seq = since + 1; seq <= Seq; seq++)
            {
                result[seq - since - 1] = _history![(int)(seq % _history.Length)]!;
            }

            // Timestamps rise with seq, so the oldest missed message decides.
            if (result[0].Timestamp < notBefore)
            {
                return null;
            }

            return result;
        }
    }
}
