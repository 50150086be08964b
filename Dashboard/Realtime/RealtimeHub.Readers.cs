namespace Dashboard.Realtime;

/// <summary>
/// The readers' side: REST snapshots, pages, the metrics scrape and publishers that compare against what was last
/// published. None of these creates a stream.
/// </summary>
public sealed partial class RealtimeHub
{
    /// <summary>
    /// The topic's newest snapshot; for topics that only carry events (<c>activity</c>, <c>notifications</c>), its newest
    /// message; null before the first.
    /// </summary>
    public HubMessage? Latest(string tenant, string topic) =>
        ReadStream(tenant, topic, null, static stream => stream.Snapshot ?? stream.Last);

    /// <summary>The seq of the stream's newest snapshot on this node; 0 when it has none.</summary>
    public long SnapshotSeq(string tenant, string topic) =>
        ReadStream(tenant, topic, 0L, static stream => stream.Snapshot?.Seq ?? 0);

    /// <summary>
    /// The newest snapshot of <paramref name="topic"/> of every tenant this node holds one for (unordered); read at scrape
    /// time by the business gauges (<c>BusinessSeries/</c>). O(streams): meant for a scrape every few seconds, not for a hot path.
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
}
