using Dashboard.Publishing;
using Dashboard.Realtime;
using Dashboard.Realtime.Backplane;
using Npgsql;

namespace Dashboard.Activity;

/// <summary>
/// The tick's activity step (docs/activity.md, "Snapshot"): publishes the <c>activity</c> snapshot — the last 200 lines,
/// newest first — of every tenant with lines this node has not published yet (on its first tick, of every tenant with
/// lines), including a line that committed after a higher id was published (<see cref="FeedChanges"/>). Subscribers get
/// it on subscribe; live entries in between come from ingestion.
/// </summary>
internal sealed class ActivitySnapshotPublisher(
    NpgsqlDataSource dataSource, ActivityReader reader, RealtimePublisher publisher, IPublishedSnapshots hub, TenantIsolation isolation, TimeProvider time)
{
    private readonly SnapshotDeduplicator _snapshots = new(publisher, hub);
    private readonly FeedChanges _changes = new("activity", "received_at");

    /// <summary>Publishes the due snapshots; returns how many. A tenant whose message is refused is skipped and retried next tick.</summary>
    /// <exception cref="NpgsqlException">The database could not be read (the tick fails and is retried).</exception>
    public async Task<int> PublishAsync(CancellationToken ct)
    {
        var (due, check) = await _changes.DueAsync(dataSource, time.GetUtcNow().UtcDateTime, ct);
        var failed = new HashSet<string>(StringComparer.Ordinal);
        if (due.Count == 0)
        {
            _changes.Published(check, [], failed);
            return 0;
        }

        var latest = await reader.LatestAsync(due, ct);
        var publishing = latest
            .Select(l => (l.Tenant, _snapshots.PublishChangedAsync(
                [new SnapshotCandidate(l.Tenant, Topics.Activity, ActivityMessages.Type, l.List, new Comparable(l.NewestId, l.List.Count, l.IdSum))], ct)))
            .ToList();
        var published = await isolation.PublishAsync("publish_activity", publishing, failed, ct);
        _changes.Published(check, latest.Select(l => (l.Tenant, l.NewestId)), failed);
        return published;
    }

    // The newest line, how many are listed and the sum of their ids identify a snapshot's content (lines are never edited);
    // the sum tells a late-committed lower id that displaced an older one at the same count and newest id.
    private readonly record struct Comparable(long NewestId, int Count, long IdSum);
}
