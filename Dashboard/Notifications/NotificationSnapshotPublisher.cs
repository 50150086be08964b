using Dashboard.Publishing;
using Dashboard.Realtime;
using Dashboard.Realtime.Backplane;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dashboard.Notifications;

/// <summary>
/// The tick's notifications step (docs/notifications.md, "Snapshot"): publishes the <c>notification</c> snapshot — the
/// newest 100, newest first — of every tenant with notifications this node has not published yet (on its first tick, of
/// every tenant with notifications). Rows come from producers (ingestion) and from alert rules (the evaluator, whose
/// transaction can commit a row below an id already published: <see cref="FeedChanges"/>); subscribers get the snapshot
/// on subscribe, and the live messages in between from whoever stored the rows.
/// </summary>
internal sealed class NotificationSnapshotPublisher(
    NpgsqlDataSource dataSource,
    NotificationReader reader,
    RealtimePublisher publisher,
    IPublishedSnapshots hub,
    TenantIsolation isolation,
    IOptions<RealtimeOptions> realtime,
    TimeProvider time)
{
    private readonly SnapshotDeduplicator _snapshots = new(publisher, hub);
    private readonly FeedChanges _changes = new("notifications", "created_at");

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
            .Select(l => (l.Tenant, _snapshots.PublishChangedAsync([Candidate(l.Tenant, l.NewestId, l.List)], ct)))
            .ToList();
        var published = await isolation.PublishAsync("publish_notifications", publishing, failed, ct);
        _changes.Published(check, latest.Select(l => (l.Tenant, l.NewestId)), failed);
        return published;
    }

    // As many of the newest as fit one message (NotificationBudget); count = items listed.
    private SnapshotCandidate Candidate(string tenant, long newestId, NotificationList list)
    {
        var items = NotificationBudget.Fit(list.Items, realtime.Value.MaxPublishBytes);
        return new SnapshotCandidate(
            tenant, NotificationTopic.Name, NotificationMessages.Type, new NotificationList(items, items.Count),
            new Comparable(newestId, items.Count, items.Aggregate(0L, (sum, i) => unchecked(sum + i.Id))));
    }

    // The newest row, how many are listed and the sum of their ids identify a snapshot's content (notifications are never
    // edited); the sum tells a late-committed lower id that displaced an older one at the same count and newest id.
    private readonly record struct Comparable(long NewestId, int Count, long IdSum);
}
