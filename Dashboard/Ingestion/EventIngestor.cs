using Dashboard.Hosting;
using Dashboard.Kpis;
using Dashboard.Observability;
using Dashboard.Realtime.Backplane;

namespace Dashboard.Ingestion;

/// <summary>
/// Stores validated events for a tenant with the live messages of its call events, agent status changes and (for a
/// request too small to be coalesced) activity lines, in one statement and one commit, and after the commit queues the
/// others (a large request's coalesced activity message, notifications). The HTTP
/// endpoint and in-process producers share it; it does not validate (see <see cref="CloudEventValidator"/>).
/// </summary>
internal sealed class EventIngestor(
    EventCommitQueue store,
    KpiSeriesRegistry kpis,
    LiveEventPublisher live,
    IEventActivity activity,
    IEventNotifications notifications,
    IngestionMetrics metrics,
    TimeProvider time)
{
    /// <summary>
    /// Stores <paramref name="events"/> all or nothing. An event whose (source, id) the tenant already stored, or that
    /// repeats an earlier event of the same list, is a duplicate: acknowledged, not stored or published again.
    /// </summary>
    /// <returns>
    /// Counts for the <c>202</c> response, known only after the commit; returned once the live messages are applied on
    /// this node, or after <c>Ingestion:LivePublishWaitMilliseconds</c> at most (never held until an
    /// unreachable database returns: docs/api.md, "What a 202 promises").
    /// </returns>
    /// <exception cref="DatabaseUnavailableException">The database is unreachable; the batch may or may not be stored (a lost COMMIT), so retry: duplicates are acknowledged, not counted again.</exception>
    /// <exception cref="EventsRejectedByStorageException">PostgreSQL refused a value; nothing was stored.</exception>
    /// <exception cref="EventsRefusedException">A <c>metric.reported</c> would add a series beyond <c>Kpis:MaxSeriesPerTenant</c> or has the wrong kind for its series; nothing was stored.</exception>
    public async Task<IngestResult> IngestAsync(string tenant, IReadOnlyList<CloudEvent> events, CancellationToken ct)
    {
        var unique = WithoutRepeats(events);
        IReadOnlyList<EventActivityLine> lines = [];
        IReadOnlyList<EventNotification?>? notes = null;
        List<LiveMessage>? messages = null;
        IReadOnlyList<LiveMessage>? lineMessages = null;
        StoredEvents stored;
        var started = time.GetTimestamp();
        try
        {
            // Before the insert, so a report beyond the cap is refused with its request instead of stored and dropped.
            var refused = await kpis.RegisterAsync(tenant, KpiReports.From(events), ct);
            if (refused.Count > 0)
            {
                metrics.Rejected(RejectReasons.Validation, events.Count);
                throw new EventsRefusedException([.. refused.Select(r => new EventError(r.Index, r.Field, r.Reason))]);
            }

            // After the cap check (a refused request costs no context query) and before the insert, whose own statement
            // writes the lines (docs/activity.md).
            lines = unique.Count == 0 ? [] : await activity.DescribeAsync(tenant, unique, ct);
            // Likewise the notifications of notification.created events (docs/notifications.md), and the live messages of
            // call events, agent status changes and the lines of a small request, which the insert sequences, logs and
            // NOTIFYs (docs/architecture.md §3).
            notes = notifications.Describe(unique);
            messages = live.Prepare(tenant, unique);
            lineMessages = unique.Count == 0 ? null : activity.PrepareLive(tenant, unique, lines);
            if (lineMessages is not null)
            {
                (messages ??= []).AddRange(lineMessages);
            }

            stored = unique.Count == 0 ? StoredEvents.None(time.GetUtcNow()) : await store.InsertAsync(new EventInsert(tenant, unique, lines, notes, messages), ct);
        }
        catch (EventsRejectedByStorageException)
        {
            metrics.Rejected(RejectReasons.Storage, events.Count);
            throw;
        }
        catch (DatabaseUnavailableException)
        {
            metrics.Rejected(RejectReasons.Unavailable, events.Count);
            throw;
        }

        metrics.Committed(events.Count, time.GetElapsedTime(started));

        var accepted = 0;
        foreach (var isNew in stored.IsNew)
        {
            accepted += isNew ? 1 : 0;
        }

        var result = new IngestResult(accepted, events.Count - accepted);
        metrics.EventsIngested("accepted", result.Accepted);
        metrics.EventsIngested("duplicate", result.Duplicates);
        await Task.WhenAll(
            live.CompleteStoredAsync(tenant, unique, messages, stored, ct),
            lineMessages is null ? activity.PublishStoredAsync(tenant, unique, lines, stored.IsNew, ct) : Task.CompletedTask,
            notes is null ? Task.CompletedTask : notifications.PublishStoredAsync(tenant, notes, stored, ct));
        return result;
    }

    // Keeping the first of each (source, id) makes "which copy was stored" explicit instead of leaving it to the
    // order PostgreSQL happens to process the conflicting rows in.
    private static IReadOnlyList<CloudEvent> WithoutRepeats(IReadOnlyList<CloudEvent> events)
    {
        var seen = new HashSet<(string Source, string Id)>(events.Count);
        List<CloudEvent>? unique = null;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (seen.Add((e.Source, e.Id)))
            {
                unique?.Add(e);
            }
            else if (unique is null)
            {
                unique = new List<CloudEvent>(events.Count);
                for (var j = 0; j < i; j++)
                {
                    unique.Add(events[j]);
                }
            }
        }

        return unique ?? events;
    }
}
