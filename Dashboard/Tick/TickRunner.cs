using Dashboard.Activity;
using Dashboard.Calendar;
using Dashboard.Campaigns;
using Dashboard.Chat;
using Dashboard.Commerce;
using Dashboard.Folding;
using Dashboard.Folding.DeadLetters;
using Dashboard.Kpis;
using Dashboard.Notifications;
using Dashboard.Publishing;
using Dashboard.Queues;


namespace Dashboard.Tick;

/// <summary>
/// One tick of the campaign metrics job: fold new events, recompute the tenants that may have changed, publish what did
/// (campaign, active-call, queue, agent, chat, commerce and KPI payloads, and the activity and notification feeds' snapshots).
/// </summary>
/// <remarks>
/// Recomputed: tenants with folded changes not yet published (<see cref="TenantChanges"/>: this tick's fold, or an
/// earlier tick's whose publishing failed, on any node), tenants with live calls, attempts inside the dialing window, callers waiting
/// or agents online, tenants with shop users active in the last 5 minutes or revenue in the last hour, tenants with a KPI
/// report received in the last hour or within <c>Kpis:StaleAfterSeconds</c> + 60 s (stale flags, counter rates and the
/// 60-minute history, docs/metrics.md §8) (their numbers move with the clock; a chat wait does too, but it is ticked by
/// clients from its start and does not count as a change),
/// tenants this node last published as live or another node
/// published since, on this node's first tick every tenant with state, so subscribers get a snapshot after a restart,
/// on its first tick of a new business day (in the tenant's zone) every tenant with queue, agent, chat or commerce state
/// since the previous one, whose "today" numbers start again from zero (and every tenant with KPI series, whose
/// <c>windowStart</c> moves), and on its first tick of a new local hour every
/// tenant with chat messages in the last 24 hours, whose messages per hour move on by an hour (docs/metrics.md §6), and
/// every commerce tenant whose 24-hour peak may forget an hour (§7). Any other tenant costs nothing.
/// A poison event is set aside by the fold, retried by <see cref="DeadLetterRetrier"/>, and a tenant whose computation or
/// publishing fails on its data is skipped by <see cref="TenantIsolation"/>: no tenant's data stops another's tick.
/// </remarks>
internal sealed class TickRunner(
    EventFolder folder,
    FoldBackfills backfills,
    CampaignMetricsCalculator calculator,
    CampaignMetricsPublisher publisher,
    QueueMetricsCalculator queueCalculator,
    QueueMetricsPublisher queuePublisher,
    ChatMetricsCalculator chatCalculator,
    ChatMetricsPublisher chatPublisher,
    CommerceMetricsCalculator commerceCalculator,
    CommerceMetricsPublisher commercePublisher,
    KpiMetricsCalculator kpiCalculator,
    KpiMetricsPublisher kpiPublisher,
    ActivitySnapshotPublisher activity,
    NotificationSnapshotPublisher notifications,
    TenantChanges changes,
    KnownTenants known,
    TickTenants live,
    TenantTimeZones zones,
    DeadLetterRetrier deadLetters,
    TenantIsolation isolation,
    TimeProvider time)
{
    // This node's previous tick: every node checks on its own whether a zone's business day or local hour has turned
    // since, as any node may run the first tick after a tenant's midnight; chat's messages per hour cover the last 24
    // local hours, so they move each local hour (at :30 UTC in +05:30). Null before the first tick.
    private DateTime? _previousTick;

    /// <summary>Runs one tick.</summary>
    public async Task<TickRun> RunAsync(CancellationToken ct)
    {
        var fold = await folder.FoldAsync(ct);
        await deadLetters.RetryDueAsync(ct);
        // Before the changes are read: the tenants whose history it applies are published by this tick.
        await backfills.RunAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var unpublished = await changes.UnpublishedAsync(ct);
        var tenants = new HashSet<string>(unpublished.Keys, StringComparer.Ordinal);
        if (_previousTick is not { } previous)
        {
            tenants.UnionWith(await known.AllAsync(ct));
        }
        else
        {
            tenants.UnionWith(await CalendarTurnedAsync(previous, now, ct));
        }

        tenants.UnionWith(await live.LiveAsync(now, ct));
        tenants.UnionWith(publisher.TenantsToRecompute());
        // Commerce figures move with the clock while users are active or revenue is in the last hour (docs/metrics.md §7).
        tenants.UnionWith(await commerceCalculator.LiveTenantsAsync(now, ct));
        tenants.UnionWith(await kpiCalculator.LiveTenantsAsync(now, ct));

        var failed = new HashSet<string>(StringComparer.Ordinal);
        var campaignMetrics = await isolation.ComputeAsync("compute", tenants, t => calculator.ComputeAsync(t, now, ct), failed, ct);
        var queueMetrics = await isolation.ComputeAsync("compute_queues", tenants, t => queueCalculator.ComputeAsync(t, now, ct), failed, ct);
        var chatMetrics = await isolation.ComputeAsync("compute_chat", tenants, t => chatCalculator.ComputeAsync(t, now, ct), failed, ct);
        var commerceMetrics = await isolation.ComputeAsync("compute_commerce", tenants, t => commerceCalculator.ComputeAsync(t, now, recordPeak: true, ct), failed, ct);
        var kpiMetrics = await isolation.ComputeAsync("compute_kpis", tenants, t => kpiCalculator.ComputeAsync(t, now, ct), failed, ct);

        // Every tenant's messages are queued before any is awaited: the publisher writes them in call order, in as few
        // backplane statements as it can, instead of one commit round trip per tenant and payload kind.
        var publishing = new List<(string, Task<int>)>(campaignMetrics.Count + queueMetrics.Count + chatMetrics.Count);
        publishing.AddRange(campaignMetrics.Select(m => (m.Tenant, publisher.PublishAsync(m, ct))));
        publishing.AddRange(queueMetrics.Select(m => (m.Tenant, queuePublisher.PublishAsync(m, ct))));
        publishing.AddRange(chatMetrics.Select(m => (m.Tenant, chatPublisher.PublishAsync(m, ct))));
        publishing.AddRange(commerceMetrics.Select(m => (m.Tenant, commercePublisher.PublishAsync(m, ct))));
        publishing.AddRange(kpiMetrics.Select(m => (m.Tenant, kpiPublisher.PublishAsync(m, ct))));
        var published = await isolation.PublishAsync("publish", publishing, failed, ct);
        // The activity feed's snapshot: its own new-line check, independent of the folded changes (docs/activity.md).
        published += await activity.PublishAsync(ct);
        // Likewise the notifications' (producers' and alert rules' rows alike, docs/notifications.md).
        published += await notifications.PublishAsync(ct);

        // Only now, and only for the tenants that went through: a failure above leaves them unpublished, for a later tick
        // to redo (TenantIsolation and the publisher back those off).
        await changes.MarkPublishedAsync(failed.Count == 0 ? unpublished : unpublished.Where(kv => !failed.Contains(kv.Key)).ToDictionary(), ct);
        _previousTick = now;
        return new TickRun(fold.EventsRead, tenants.Count, published);
    }

    // Tenants whose business day or local hour has turned since the previous tick, in their own zone: on a new day every
    // tenant with queue, agent or chat state since the previous one ("today" starts again from zero); on a new hour every
    // one with chat messages in the last 24 hours (their messages per hour move on); on either, every one with commerce
    // state since the start of the window that moved (docs/metrics.md §7). Whole-hour zones turn in the same tick, so each
    // kind of state is looked for once, from the earliest instant any turned zone needs, and only those zones' tenants
    // are kept (an extra candidate costs a recompute whose unchanged payload is not published).
    private async Task<IEnumerable<string>> CalendarTurnedAsync(DateTime previous, DateTime now, CancellationToken ct)
    {
        var turned = new HashSet<string>(StringComparer.Ordinal);
        DateTime? daySince = null, chatSince = null, commerceSince = null;
        foreach (var calendar in zones.Calendars)
        {
            var (lastDay, lastHour) = (calendar.DayStart(previous), calendar.HourStart(previous));
            var dayTurned = calendar.DayStart(now) > lastDay;
            if (!dayTurned && calendar.HourStart(now) <= lastHour)
            {
                continue;
            }

            turned.Add(calendar.TimeZone);
            // The hour that just left the 24-hour window may have held the only messages: since its start.
            chatSince = Earliest(chatSince, dayTurned ? lastDay : lastHour.AddHours(-23));
            daySince = dayTurned ? Earliest(daySince, lastDay) : daySince;
            commerceSince = Earliest(commerceSince, CommerceMetricsCalculator.TurnedSince(calendar, lastDay, lastHour, dayTurned));
        }

        if (turned.Count == 0)
        {
            return [];
        }

        var candidates = new HashSet<string>(StringComparer.Ordinal);
        if (daySince is { } day)
        {
            candidates.UnionWith(await queueCalculator.TenantsWithStateSinceAsync(day, ct));
            candidates.UnionWith(await kpiCalculator.TenantsWithSeriesAsync(ct));
        }

        candidates.UnionWith(await chatCalculator.TenantsWithStateSinceAsync(chatSince!.Value, ct));
        candidates.UnionWith(await commerceCalculator.TenantsWithStateSinceAsync(commerceSince!.Value, ct));
        return candidates.Where(t => turned.Contains(zones.For(t).TimeZone));
    }

    private static DateTime Earliest(DateTime? current, DateTime candidate) =>
        current is { } c && c <= candidate ? c : candidate;
}

/// <summary>What one tick did.</summary>
/// <param name="EventsFolded">Events the watermark moved past.</param>
/// <param name="TenantsComputed">Tenants whose metrics were recomputed.</param>
/// <param name="MessagesPublished">Snapshots published (unchanged ones are skipped).</param>
internal sealed record TickRun(long EventsFolded, int TenantsComputed, int MessagesPublished);
