namespace Dashboard.Realtime;

/// <summary>
/// The one question the jobs ask the hub back (docs/architecture.md §3): which publication is a stream's newest
/// snapshot on this node. A job that published a payload compares that seq with the one its publication got, to skip
/// re-publishing an unchanged payload while it is still what subscribers have, and to publish again once another node's
/// run replaced it. Implemented by <see cref="RealtimeHub"/>; everything else flows from ingestion to the hub, never back.
/// </summary>
public interface IPublishedSnapshots
{
    /// <summary>The seq of the newest snapshot of <paramref name="tenant"/>'s <paramref name="topic"/> stream on this node; 0 when it has none.</summary>
    long SnapshotSeq(string tenant, string topic);
}
