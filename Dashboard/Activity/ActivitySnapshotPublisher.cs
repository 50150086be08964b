using Dashboard.Publishing;
using Dashboard.Realtime;
using Dashboard.Realtime.Backplane;

namespace Dashboard.Activity;

/// <summary>
/// The tick's activity step (docs/activity.md, "Snapshot"): publishes the <c>activity</c> snapshot — the last 200 lines,
/// newest first — of every tenant with lines newer than the newest this node published (on its first tick, of every
/// tenant with lines). Subscribers get it on subscribe; live entries in between come from ingestion.
/// </summary>
/// <remarks>
/// New lines are found among those received since the previous check minus <see cref="ClockSlack"/> (received_at is the
/// ingesting node's clock). A line id is taken when its row is written, not when it commits, so a line whose statement
/// commits after a higher id was already published is in the next snapshot after it (it was published live meanwhile).
/// </remarks>
internal sealed class ActivitySnapshotPublisher(
    ActivityReader reader, RealtimePublisher publisher, IPublishedSnapshots hub, TenantIsolation isolation, TimeProvider time)
{
    /// <summary>How far before the previous check new lines are looked for: other nodes' clocks and commits still in flight.</summary>
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
            .Select(l => (l.Tenant, _snapshots.PublishChangedAsync(
                [new SnapshotCandidate(l.Tenant, Topics.Activity, ActivityMessages.Type, l.List, new Comparable(l.NewestId, l.List.Count))], ct)))
            .ToList();
        var failed = new HashSet<string>(StringComparer.Ordinal);
        var published = await isolation.PublishAsync("publish_activity", publishing, failed, ct);
        foreach (var (tenant, id, _) in latest.Where(l => !failed.Contains(l.Tenant)))
        {
            _published[tenant] = id;
        }

        _previousCheck = now;
        return published;
    }

    // The newest line and how many are listed identify a snapshot's content (lines are never edited).
    private readonly record struct Comparable(long NewestId, int Count);
}
