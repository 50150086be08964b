using Dashboard.Publishing;
using Dashboard.Realtime;
using Dashboard.Realtime.Backplane;

namespace Dashboard.Notifications;

/// <summary>
/// The tick's notifications step (docs/notifications.md, "Snapshot"): publishes the <c>notification</c> snapshot — the
/// newest 100, newest first — of every tenant with notifications newer than the newest this node published (on its first
/// tick, of every tenant with notifications). Rows come from producers (ingestion) and from alert rules (the evaluator);
/// subscribers get the snapshot on subscribe, and the live messages in between from whoever stored the rows.
/// </summary>
/// <remarks>
/// New rows are found among those created since the previous check minus <see cref="ClockSlack"/> (created_at is the
/// writing node's clock). An id is taken when its row is written, not when it commits, so a row whose transaction commits
/// after a higher id was already published is in the next snapshot after it (it was published live meanwhile).
/// </remarks>
internal sealed class NotificationSnapshotPublisher(
    NotificationReader reader,
    RealtimePublisher publisher,
    IPublishedSnapshots hub,
    TenantIsolation isolation,
    Microsoft.Extensions.Options.IOptions<RealtimeOptions> realtime,
    TimeProvider time)
{
    /// <summary>How far before the previous check new rows are looked for: other nodes' clocks and commits still in flight.</summary>
    public static readonly TimeSpan ClockSlack = TimeSpan.FromSeconds(60);

    private readonly SnapshotDeduplicator _snapshots = new(publisher, hub);
    private readonly Dictionary<string, long> _published = new(StringComparer.Ordinal);
    private DateTime? _previousCheck;

    /// <summary>Publishes the due snapshots; returns how many. A tenant whose message is refused is skipped and retried next tick.</summary>
    /// <exception cref="Npgsql.NpgsqlException">The database could not be read (the tick fails and is retried).</exception>
    public async Task<int> PublishAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var newest = await reader.NewestIdsAsync(_previousCheck - ClockSlack, ct);
        var due = newest.Where(kv => !_published.TryGetValue(kv.Key, out var seen) || kv.Value > seen).Select(kv => kv.Key).ToList();
        if (due.Count == 0)
        {
            _previousCheck = now;
            return 0;
        }

        var latest = await reader.LatestAsync(due, ct);
        var publishing = latest
            .Select(l => (l.Tenant, _snapshots.PublishChangedAsync([Candidate(l.Tenant, l.NewestId, l.List)], ct)))
            .ToList();
        var failed = new HashSet<string>(StringComparer.Ordinal);
        var published = await isolation.PublishAsync("publish_notifications", publishing, failed, ct);
        foreach (var (tenant, id, _) in latest.Where(l => !failed.Contains(l.Tenant)))
        {
            _published[tenant] = id;
        }

        _previousCheck = now;
        return published;
    }

    // As many of the newest as fit one message (NotificationBudget); count = items listed.
    private SnapshotCandidate Candidate(string tenant, long newestId, NotificationList list)
    {
        var items = NotificationBudget.Fit(list.Items, realtime.Value.MaxPublishBytes);
        return new SnapshotCandidate(tenant, NotificationTopic.Name, NotificationMessages.Type, new NotificationList(items, items.Count), new Comparable(newestId, items.Count));
    }

    // The newest row and how many are listed identify a snapshot's content (notifications are never edited).
    private readonly record struct Comparable(long NewestId, int Count);
}
