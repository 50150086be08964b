using Dashboard.Ingestion;
using Dashboard.Realtime;
using Dashboard.Realtime.Backplane;
using Microsoft.Extensions.Options;

namespace Dashboard.Activity;

/// <summary>
/// The activity feed's part of ingestion (<see cref="IEventActivity"/>, docs/activity.md): summarises a request's events
/// before the insert (which stores the lines in its own statement), and after the commit publishes the new ones on topic
/// <c>activity</c>: one message per event up to <c>Activity:MaxMessagesPerRequest</c>, else one coalesced message.
/// </summary>
internal sealed partial class ActivityRecorder(
    ActivityContextReader contexts,
    RealtimePublisher publisher,
    IOptionsMonitor<ActivityOptions> options,
    IOptionsMonitor<IngestionOptions> ingestion,
    TimeProvider time,
    ILogger<ActivityRecorder> logger) : IEventActivity
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
    public async Task PublishStoredAsync(string tenant, IReadOnlyList<CloudEvent> events, IReadOnlyList<EventActivityLine> lines, bool[] stored, CancellationToken ct)
    {
        var entries = new List<ActivityEntry>();
        for (var i = 0; i < events.Count; i++)
        {
            if (stored[i])
            {
                entries.Add(Entry(events[i], lines[i]));
            }
        }

        if (entries.Count == 0)
        {
            return;
        }

        // Not the request's token: once queued the message is published whatever becomes of the request.
        List<Task> published;
        if (entries.Count <= options.CurrentValue.MaxMessagesPerRequest)
        {
            published = [.. entries.Select(e => ObserveAsync(tenant, Publish(tenant, e)))];
        }
        else
        {
            // A batch would flood every client with one message per event: its newest 200, and how many there were.
            var newest = entries.Skip(Math.Max(0, entries.Count - ActivityMessages.MaxItems)).Reverse().ToList();
            published = [ObserveAsync(tenant, Publish(tenant, new ActivityList(newest, entries.Count)))];
        }

        var wait = TimeSpan.FromMilliseconds(ingestion.CurrentValue.LivePublishWaitMilliseconds);
        try
        {
            await Task.WhenAll(published).WaitAsync(wait, time, ct);
        }
        catch (TimeoutException)
        {
            LogStillPublishing(tenant, published.Count(t => !t.IsCompleted), wait.TotalMilliseconds);
        }
    }

    /// <summary>The wire entry of a stored event and its line.</summary>
    internal static ActivityEntry Entry(CloudEvent e, EventActivityLine line) =>
        new(e.Id, e.Source, e.Type, line.Domain, line.Subject, line.Summary, line.Severity, e.Time);

    private Task<long> Publish(string tenant, object data) =>
        publisher.PublishAsync(tenant, Topics.Activity, ActivityMessages.Type, data, isSnapshot: false, CancellationToken.None);

    // Never faults, so nothing goes unobserved once the request has stopped waiting.
    private async Task ObserveAsync(string tenant, Task<long> publish)
    {
        try
        {
            await publish;
        }
        catch (RealtimeMessageRejectedException)
        {
            // PublishGuard counted it and logs once per stream.
        }
        catch (Exception ex)
        {
            // The events are committed and their lines stored: the next snapshot (1 s tick) carries them.
            LogPublishFailed(ex, tenant);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing activity of tenant {Tenant} failed; the next activity snapshot carries it")]
    private partial void LogPublishFailed(Exception ex, string tenant);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Pending} activity messages of tenant {Tenant} not yet published after {WaitMilliseconds} ms; answering the request, publishing continues in the background")]
    private partial void LogStillPublishing(string tenant, int pending, double waitMilliseconds);
}
