namespace Dashboard.Realtime;

/// <summary>Maintenance and diagnostics: history pruning (<see cref="HistoryPruner"/>) and counts for tests.</summary>
public sealed partial class RealtimeHub
{
    /// <summary>
    /// Drops history older than <c>Realtime:HistoryTtl</c> from every stream, so a stream that went quiet (an ended
    /// campaign) stops holding its last <c>HistorySize</c> messages. Snapshots stay: new subscribers and polling need them.
    /// </summary>
    /// <returns>Messages released.</returns>
    public int PruneHistory()
    {
        var cutoff = _time.GetUtcNow() - _historyTtl;
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

    /// <summary>Streams held in memory (for tests and diagnostics).</summary>
    internal int StreamCount => _streams.Count;

    /// <summary>Messages held in one stream's history (for tests and diagnostics).</summary>
    internal int HistoryCount(string tenant, string topic) =>
        ReadStream(tenant, topic, 0, static stream => stream.HistoryCount);

    /// <summary>Subscribers of one stream (for tests and diagnostics).</summary>
    internal int SubscriberCount(string tenant, string topic) =>
        ReadStream(tenant, topic, 0, static stream => Volatile.Read(ref stream.Subscribers).Length);
}
