using System.Text.Json;
using Dashboard.Activity;
using static Dashboard.Activity.ActivityText;
using Dashboard.Ingestion;
using Dashboard.Realtime;
using Microsoft.Extensions.Options;

namespace Dashboard.Notifications;

/// <summary>
/// Producer notifications, the notification feed's part of ingestion (<see cref="IEventNotifications"/>,
/// docs/notifications.md): turns each <c>notification.created</c> into the notification the insert stores in its own
/// statement, and after the commit publishes the new ones on topic <c>notifications</c>: one message per notification up
/// to <c>Activity:MaxMessagesPerRequest</c>, else one coalesced message.
/// </summary>
internal sealed class ProducerNotifications(
    CommittedMessagePublisher committed, IOptionsMonitor<ActivityOptions> options, IOptions<RealtimeOptions> realtime) : IEventNotifications
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
    public Task PublishStoredAsync(string tenant, IReadOnlyList<EventNotification?> notifications, StoredEvents stored, CancellationToken ct)
    {
        var items = new List<NotificationItem>();
        for (var i = 0; i < notifications.Count; i++)
        {
            if (notifications[i] is { } n && stored.NotificationIds[i] != 0)
            {
                items.Add(new NotificationItem(stored.NotificationIds[i], n.Title, n.Message, n.Severity, n.Category, n.ActionUrl, stored.ReceivedAt, "producer", null, null, null));
            }
        }

        // A large request is one message of its newest 100 (as many as fit one message) and how many there were.
        var maxBytes = realtime.Value.MaxPublishBytes;
        var messages = CommittedMessagePublisher
            .Coalesce(items, options.CurrentValue.MaxMessagesPerRequest, NotificationMessages.MaxItems,
                (newest, count) => new NotificationList(NotificationBudget.Fit(newest, maxBytes), count))
            .Select(data => new CommittedMessage(NotificationTopic.Name, NotificationMessages.Type, data, NotificationMessages.Type))
            .ToList();
        return committed.PublishAsync(tenant, messages, ct);
    }
}
