namespace Dashboard.Notifications;

/// <summary>The topic notifications are published on (docs/notifications.md, docs/protocol.md §5): a feed topic.</summary>
internal static class NotificationTopic
{
    /// <summary>The topic's name.</summary>
    public const string Name = "notifications";
}

/// <summary>
/// Several notifications in one <c>notification</c> message (docs/notifications.md): the topic's snapshot (the tenant's
/// newest <see cref="NotificationMessages.MaxItems"/>, <see cref="Count"/> = items listed) or a request's coalesced live
/// message (its newest <see cref="NotificationMessages.MaxItems"/>, <see cref="Count"/> = how many it stored).
/// </summary>
/// <param name="Items">Newest (highest id) first; <c>read</c> is null in messages.</param>
/// <param name="Count">Items listed (snapshot) or notifications the request stored (coalesced message).</param>
internal sealed record NotificationList(IReadOnlyList<NotificationItem> Items, int Count);

/// <summary>The answer of <c>GET /api/v1/notifications</c> (docs/api.md).</summary>
/// <param name="Items">Newest first, each with <c>read</c> for the caller's token <c>sub</c>.</param>
/// <param name="Count">Items listed.</param>
/// <param name="UnreadCount">Notifications among the tenant's newest 100 that the caller has not marked read (whatever the filter and limit).</param>
internal sealed record NotificationPage(IReadOnlyList<NotificationItem> Items, int Count, int UnreadCount);

/// <summary>The answer of <c>POST /api/v1/notifications/read-all</c>.</summary>
/// <param name="Marked">Notifications newly marked read (of the tenant's newest 100; those already read are not counted).</param>
internal sealed record NotificationsMarked(int Marked);
