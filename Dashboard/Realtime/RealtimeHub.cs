using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Dashboard.Observability;

namespace Dashboard.Realtime;

/// <summary>Where a new subscription starts.</summary>
/// <param name="Seq">The stream's current seq (0 before the first message).</param>
/// <param name="Snapshot">The newest snapshot, or null.</param>
/// <param name="Missed">Messages after the client's <c>since</c>, oldest first; null when the gap is no longer in the history.</param>
public sealed record SubscriptionStart(long Seq, HubMessage? Snapshot, IReadOnlyList<HubMessage>? Missed);

/// <summary>
/// The (tenant, topic) streams: assigns <c>seq</c>, serialises each message once, keeps each stream's newest snapshot,
/// and hands the same bytes to every subscriber without waiting for any of them.
/// </summary>
/// <remarks>
/// Seq assignment and fan-out happen under the stream's lock so every subscriber sees one stream in seq order and a new
/// subscriber's snapshot is never overtaken by an older message. The lock is held only for non-blocking queue writes;
/// the data payload is serialised before the lock is taken.
/// </remarks>
public sealed class RealtimeHub(TimeProvider time, DashboardMetrics metrics, Microsoft.Extensions.Options.IOptions<RealtimeOptions> options)
{
    private readonly ConcurrentDictionary<(string Tenant, string Topic), TopicStream> _streams = new();
    private readonly int _historySize = options.Value.HistorySize;
    private readonly TimeSpan _historyTtl = options.Value.HistoryTtl;

    /// <summary>
    /// Publishes <paramref name="data"/> as a <paramref name="type"/> message on (<paramref name="tenant"/>, <paramref name="topic"/>).
    /// </summary>
    /// <param name="tenant">Tenant id.</param>
    /// <param name="topic">A catalogue topic (<see cref="Topics.IsKnown"/>).</param>
    /// <param name="type">Message type, e.g. <c>metrics_update</c>.</param>
    /// <param name="data">Serialised with <see cref="JsonDefaults.Options"/> as the envelope's <c>data</c>.</param>
    /// <param name="isSnapshot">True for state (kept as the topic's snapshot, coalescible); false for individual events.</param>
    /// <returns>The published message.</returns>
    public HubMessage Publish(string tenant, string topic, string type, object data, bool isSnapshot)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(data, data.GetType(), JsonDefaults.Options);
        var started = time.GetTimestamp();
        HubMessage message;
        var stream = GetStream(tenant, topic);
        Monitor.Enter(stream);
        try
        {
            while (stream.Retired)
            {
                Monitor.Exit(stream);
                stream = GetStream(tenant, topic);
                Monitor.Enter(stream);
            }

            var ts = time.GetUtcNow();
            message = new HubMessage
            {
                Tenant = tenant,
                Topic = topic,
                Type = type,
                Seq = ++stream.Seq,
                IsSnapshot = isSnapshot,
                Timestamp = ts,
                Json = WriteEnvelope(type, topic, stream.Seq, ts, payload),
            };
            if (isSnapshot)
            {
                stream.Snapshot = message;
            }

            stream.Last = message;
            stream.Remember(message);

            foreach (var subscriber in stream.Subscribers)
            {
                subscriber.Deliver(message);
            }
        }
        finally
        {
            Monitor.Exit(stream);
        }

        metrics.RecordBroadcast(time.GetElapsedTime(started));
        return message;
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
                if (stream.Subscribers.Length == 0 && stream.Seq == 0)
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

    /// <summary>Formats a time as the protocol's <c>ts</c>: ISO 8601 UTC with milliseconds.</summary>
    public static string FormatTimestamp(DateTimeOffset ts) =>
        ts.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static ReadOnlyMemory<byte> WriteEnvelope(string type, string topic, long seq, DateTimeOffset ts, byte[] payload)
    {
        // Sized for the whole envelope up front, so the written memory is used as it is rather than copied out.
        var buffer = new ArrayBufferWriter<byte>(payload.Length + type.Length + (topic.Length * 6) + 96);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WriteString("topic", topic);
            writer.WriteNumber("seq", seq);
            writer.WriteString("ts", FormatTimestamp(ts));
            writer.WritePropertyName("data");
            writer.WriteRawValue(payload, skipInputValidation: true);
            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
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

        public int HistoryCount => _historyCount;

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
