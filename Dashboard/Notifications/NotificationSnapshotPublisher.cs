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
/// writing node's clock). An id is taken when its row is written, not when it commits: a rule notification written in the
/// evaluator's transaction can commit after a producer notification with a higher id was published. So a tenant is due
/// not only when its newest id grew but also when the number of its rows created since the window's start grew (the
/// window start of one check is kept for the next, so that count only grows by rows that became visible in between).
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
    // Per tenant: rows created since _windowStart that the previous check saw; -1 = publish again (a refused message).
    private Dictionary<string, long> _rows = new(StringComparer.Ordinal);
    private DateTime? _windowStart;

    /// <summary>Publishes the due snapshots; returns how many. A tenant whose message is refused is skipped and retried next tick.</summary>
    /// <exception cref="Npgsql.NpgsqlException">The database could not be read (the tick fails and is retried).</exception>
    public async Task<int> PublishAsync(CancellationToken ct)
    {
        var nextWindow = time.GetUtcNow().UtcDateTime - ClockSlack;
        var newest = await reader.NewestIdsAsync(_windowStart, nextWindow, ct);
        var due = newest
            .Where(kv => !_published.TryGetValue(kv.Key, out var seen) || kv.Value.NewestId > seen
                || (_rows.TryGetValue(kv.Key, out var rows) ? rows != kv.Value.RowsSince : _windowStart is not null && kv.Value.RowsSince > 0))
            .Select(kv => kv.Key)
            .ToList();
        var counted = newest.ToDictionary(kv => kv.Key, kv => kv.Value.RowsSinceNext, StringComparer.Ordinal);
        if (due.Count == 0)
        {
            (_rows, _windowStart) = (counted, nextWindow);
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

        foreach (var tenant in failed)
        {
            counted[tenant] = -1;
        }

        (_rows, _windowStart) = (counted, nextWindow);
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
