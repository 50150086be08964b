using Dashboard.Ingestion;
using Dashboard.Realtime;
using Microsoft.Extensions.Options;

namespace Dashboard.Activity;

/// <summary>
/// The activity feed's part of ingestion (<see cref="IEventActivity"/>, docs/activity.md): summarises a request's events
/// before the insert (which stores the lines in its own statement), and after the commit publishes the new ones on topic
/// <c>activity</c>: one message per event up to <c>Activity:MaxMessagesPerRequest</c>, else one coalesced message.
/// </summary>
internal sealed class ActivityRecorder(
    ActivityContextReader contexts, CommittedMessagePublisher committed, IOptionsMonitor<ActivityOptions> options) : IEventActivity
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
