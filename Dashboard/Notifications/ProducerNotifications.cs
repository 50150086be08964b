using System.Text.Json;
using Dashboard.Activity;
using Dashboard.Ingestion;
using Dashboard.Realtime;
using Dashboard.Realtime.Backplane;
using Microsoft.Extensions.Options;

namespace Dashboard.Notifications;

/// <summary>
/// Producer notifications, the notification feed's part of ingestion (<see cref="IEventNotifications"/>,
/// docs/notifications.md): turns each <c>notification.created</c> into the notification the insert stores in its own
/// statement, and after the commit publishes the new ones on topic <c>notifications</c>: one message per notification up
/// to <c>Activity:MaxMessagesPerRequest</c>, else one coalesced message.
/// </summary>
internal sealed partial class ProducerNotifications(
    RealtimePublisher publisher,
    IOptionsMonitor<ActivityOptions> options,
    IOptionsMonitor<IngestionOptions> ingestion,
    IOptions<RealtimeOptions> realtime,
    TimeProvider time,
    ILogger<ProducerNotifications> logger) : IEventNotifications
{
    /// <summary>The event type that makes a notification (docs/events.md §5).</summary>
    public const string EventType = "notification.created";

    /// <summary>The severities a notification has; an event's other (or absent) severity reads as <c>info</c>.</summary>
    public static readonly IReadOnlySet<string> Severities = new HashSet<string>(StringComparer.Ordinal) { "info", "success", "warning", "error" };

    /// <inheritdoc/>
    public IReadOnlyList<EventNotification?>? Describe(IReadOnlyList<CloudEvent> events)
    {
        EventNotification?[]? notes = null;
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].Type == EventType)
            {
                (notes ??= new EventNotification?[events.Count])[i] = From(events[i].Data);
            }
        }

        return notes;
    }

    /// <summary>
    /// The notification of a <c>notification.created</c>'s data. Ingestion has checked the texts' bounds; an in-process
    /// producer that skipped them still gets a row (title <c>Notification</c>, empty message) rather than a failed insert.
    /// </summary>
    internal static EventNotification From(JsonElement data)
    {
        var severity = Text(data, "severity") is { } s && Severities.Contains(s) ? s : "info";
        return new(Text(data, "title") ?? "Notification", Text(data, "message") ?? "", severity, Text(data, "category"), Text(data, "actionUrl"));
    }

    /// <inheritdoc/>
    public async Task PublishStoredAsync(string tenant, IReadOnlyList<EventNotification?> notifications, StoredEvents stored, CancellationToken ct)
    {
        var items = new List<NotificationItem>();
        for (var i = 0; i < notifications.Count; i++)
        {
            if (notifications[i] is { } n && stored.NotificationIds[i] != 0)
            {
                items.Add(new NotificationItem(stored.NotificationIds[i], n.Title, n.Message, n.Severity, n.Category, n.ActionUrl, stored.ReceivedAt, "producer", null, null, null));
            }
        }

        if (items.Count == 0)
        {
            return;
        }

        // Not the request's token: once queued the message is published whatever becomes of the request.
        List<Task> published;
        if (items.Count <= options.CurrentValue.MaxMessagesPerRequest)
        {
            published = [.. items.Select(item => ObserveAsync(tenant, Publish(tenant, item)))];
        }
        else
        {
            // A batch would flood every client with one message per notification: its newest 100 (as many as fit one
            // message), and how many there were.
            var newest = items.Skip(Math.Max(0, items.Count - NotificationMessages.MaxItems)).Reverse().ToList();
            var listed = NotificationBudget.Fit(newest, realtime.Value.MaxPublishBytes);
            published = [ObserveAsync(tenant, Publish(tenant, new NotificationList(listed, items.Count)))];
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

    private static string? Text(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private Task<long> Publish(string tenant, object data) =>
        publisher.PublishAsync(tenant, NotificationTopic.Name, NotificationMessages.Type, data, isSnapshot: false, CancellationToken.None);

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
            // The notifications are committed: the next snapshot (1 s tick) carries them.
            LogPublishFailed(ex, tenant);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing notifications of tenant {Tenant} failed; the next notifications snapshot carries them")]
    private partial void LogPublishFailed(Exception ex, string tenant);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Pending} notification messages of tenant {Tenant} not yet published after {WaitMilliseconds} ms; answering the request, publishing continues in the background")]
    private partial void LogStillPublishing(string tenant, int pending, double waitMilliseconds);
}
