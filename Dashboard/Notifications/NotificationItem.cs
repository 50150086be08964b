namespace Dashboard.Notifications;

/// <summary>
/// One notification (docs/notifications.md): the data of a live <c>notification</c> message on topic
/// <c>notifications</c>, an item of the topic's snapshot and of <c>GET /api/v1/notifications</c>. Immutable once stored;
/// clients key it by <see cref="Id"/>.
/// </summary>
/// <param name="Id">The tenant's notification number; higher = newer.</param>
/// <param name="Title">Rule notifications: 1..200 characters; producers': as sent, at most <c>Ingestion:MaxTextBytes</c> UTF-8 bytes (docs/notifications.md).</param>
/// <param name="Message">Rule notifications: 0..2,000 characters; producers': as sent, at most <c>Ingestion:MaxTextBytes</c> UTF-8 bytes.</param>
/// <param name="Severity"><c>info</c>, <c>success</c>, <c>warning</c> or <c>error</c>.</param>
/// <param name="Category">Null when none (rule notifications: <c>alert</c>; producers': as sent, at most <c>Ingestion:MaxTextBytes</c> UTF-8 bytes).</param>
/// <param name="ActionUrl">A link for the user; null when none (producers': as sent, at most <c>Ingestion:MaxTextBytes</c> UTF-8 bytes).</param>
/// <param name="CreatedAt">When it was stored (UTC).</param>
/// <param name="Source"><c>producer</c> (a <c>notification.created</c> event) or <c>rule</c> (an alert rule).</param>
/// <param name="RuleId">The rule's id when <see cref="Source"/> is <c>rule</c>; else null.</param>
/// <param name="AlertId">The alert instance (rule and label set) when <see cref="Source"/> is <c>rule</c>; else null.</param>
/// <param name="State">Rule notifications: <c>firing</c>, <c>escalated</c>, <c>deescalated</c> or <c>resolved</c>; else null.</param>
/// <param name="Read">In answers to a user (REST): whether that user marked it read; null in messages, written as <c>"read":null</c>
/// (read marks are per user; the wire writes nulls, docs/notifications.md).</param>
internal sealed record NotificationItem(
    long Id, string Title, string Message, string Severity, string? Category, string? ActionUrl, DateTimeOffset CreatedAt,
    string Source, string? RuleId, long? AlertId, string? State, bool? Read = null);

/// <summary>The wire names of topic <c>notifications</c> (docs/protocol.md §5).</summary>
internal static class NotificationMessages
{
    /// <summary>A notification, or the snapshot <c>{items, count}</c> (the newest 100).</summary>
    public const string Type = "notification";

    /// <summary>An alert instance changed state or was acknowledged; data = the instance (docs/alerts.md).</summary>
    public const string AlertStateType = "alert_state";

    /// <summary>Notifications in the snapshot and at most in a REST answer; unread counts are over these.</summary>
    public const int MaxItems = 100;
}
