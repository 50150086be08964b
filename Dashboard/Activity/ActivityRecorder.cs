using Dashboard.Ingestion;
using Dashboard.Realtime;
using Dashboard.Realtime.Backplane;
using Microsoft.Extensions.Options;

namespace Dashboard.Activity;

/// <summary>
/// The activity feed's part of ingestion (<see cref="IEventActivity"/>, docs/activity.md): summarises a request's events
/// before the insert (which stores the lines in its own statement) and publishes the new ones on topic <c>activity</c>:
/// one message per event up to <c>Activity:MaxMessagesPerRequest</c>, prepared before the insert, which publishes them
/// with the lines (one commit); else, after the commit, one coalesced message (it depends on which events were new).
/// </summary>
internal sealed class ActivityRecorder(
    ActivityContextReader contexts, CommittedMessagePublisher committed, RealtimePublisher publisher, IOptionsMonitor<ActivityOptions> options) : IEventActivity
{
    /// <inheritdoc/>
    public async Task<IReadOnlyList<EventActivityLine>> DescribeAsync(string tenant, IReadOnlyList<CloudEvent> events, CancellationToken ct)
    {
        var context = await contexts.ReadAsync(tenant, events, ct);
        var lines = new EventActivityLine[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            lines[i] = ActivitySummaries.Describe(events[i], context);
        }

        return lines;
    }

    /// <inheritdoc/>
    public IReadOnlyList<LiveMessage>? PrepareLive(string tenant, IReadOnlyList<CloudEvent> events, IReadOnlyList<EventActivityLine> lines)
    {
        // However many of them turn out new, no more than this many cannot be coalesced: one message per new event.
        if (lines.Count == 0 || lines.Count > options.CurrentValue.MaxMessagesPerRequest)
        {
            return null;
        }

        var messages = new LiveMessage[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            messages[i] = new LiveMessage(i, publisher.Prepare(tenant, Topics.Activity, ActivityMessages.Type, Entry(events[i], lines[i]), isSnapshot: false));
        }

        return messages;
    }

    /// <inheritdoc/>
    public Task PublishStoredAsync(string tenant, IReadOnlyList<CloudEvent> events, IReadOnlyList<EventActivityLine> lines, bool[] stored, CancellationToken ct)
    {
        var entries = new List<ActivityEntry>();
        for (var i = 0; i < events.Count; i++)
        {
            if (stored[i])
            {
                entries.Add(Entry(events[i], lines[i]));
            }
        }

        // A large request is one message of its newest 200 and how many there were.
        var messages = CommittedMessagePublisher
            .Coalesce(entries, options.CurrentValue.MaxMessagesPerRequest, ActivityMessages.MaxItems, static (newest, count) => new ActivityList(newest, count))
            .Select(data => new CommittedMessage(Topics.Activity, ActivityMessages.Type, data, ActivityMessages.Type))
            .ToList();
        return committed.PublishAsync(tenant, messages, ct);
    }

    /// <summary>The wire entry of a stored event and its line.</summary>
    internal static ActivityEntry Entry(CloudEvent e, EventActivityLine line) =>
        new(e.Id, e.Source, e.Type, line.Domain, line.Subject, line.Summary, line.Severity, e.Time);
}
