using Dashboard.Observability;
using Microsoft.Extensions.Options;
using System.Collections.Concurrent;

namespace Dashboard.Realtime;

/// <summary>
/// This node's copy of the (tenant, topic) streams: each stream's seq, newest snapshot and bounded history, and its
/// subscribers here. Messages arrive already sequenced by the backplane (every node applies every message, in seq
/// order), and each is handed as the same bytes to every subscriber without waiting for any of them.
/// </summary>
/// <remarks>
/// <para>
/// Applying and fan-out happen under the stream's lock so every subscriber sees one stream in seq order and a new
/// subscriber's snapshot is never overtaken by an older message. The lock is held only for non-blocking queue writes.
/// </para>
/// <para>
/// One file per kind of caller: <c>RealtimeHub.Backplane.cs</c> (the listener and publisher that feed it),
/// <c>RealtimeHub.Connections.cs</c> (WebSocket and SSE subscriptions), <c>RealtimeHub.Readers.cs</c> (REST snapshots,
/// pages, metrics scrapes and publishers that read the newest state) and <c>RealtimeHub.Maintenance.cs</c> (history
/// pruning and diagnostics). This file holds the state and the two ways to reach a stream.
/// </para>
/// </remarks>
public sealed partial class RealtimeHub(TimeProvider time, DashboardMetrics metrics, IOptions<RealtimeOptions> options) : IPublishedSnapshots
{
    private readonly ConcurrentDictionary<(string Tenant, string Topic), TopicStream> _streams = new();
    private readonly int _historySize = options.Value.HistorySize;
    private readonly TimeSpan _historyTtl = options.Value.HistoryTtl;
    private readonly TimeProvider _time = time;
    private readonly DashboardMetrics _metrics = metrics;

    /// <summary>
    /// Locks the live stream of (tenant, topic), creating it when it does not exist; dispose the result to release it.
    /// </summary>
    /// <remarks>
    /// <see cref="Unsubscribe"/> retires an empty stream and removes it; a caller that looked it up just before then
    /// finds it retired once it holds the lock. Retired streams are never reused, so this looks the stream up again:
    /// the next lookup creates (or finds) its replacement.
    /// </remarks>
    private LockedStream LockLiveStream(string tenant, string topic)
    {
        while (true)
        {
            var stream = GetStream(tenant, topic);
            Monitor.Enter(stream);
            if (!stream.Retired)
            {
                return new LockedStream(stream);
            }

            Monitor.Exit(stream);
        }
    }

    /// <summary>
    /// Reads an existing stream under its lock without creating one; <paramref name="whenAbsent"/> when there is none.
    /// A retired stream may be read: it is empty (no seq, no snapshot, no history), as an absent one would be.
    /// </summary>
    private T ReadStream<T>(string tenant, string topic, T whenAbsent, Func<TopicStream, T> read)
    {
        if (!_streams.TryGetValue((tenant, topic), out var stream))
        {
            return whenAbsent;
        }

        lock (stream)
        {
            return read(stream);
        }
    }

    private TopicStream GetStream(string tenant, string topic) =>
        _streams.GetOrAdd((tenant, topic), static (_, size) => new TopicStream(size), _historySize);

    /// <summary>A stream whose lock this thread holds until <see cref="Dispose"/>.</summary>
    private readonly ref struct LockedStream(TopicStream stream)
    {
        public TopicStream Stream { get; } = stream;

        public void Dispose() => Monitor.Exit(Stream);
    }
}
