namespace Dashboard.Ingestion;

/// <summary>
/// The notification a <c>notification.created</c> event makes (docs/notifications.md): written in the same statement
/// as the event itself by <see cref="EventStore"/>, so only a newly stored event gets one. The texts are the event's,
/// within the bounds ingestion already checked (<c>Ingestion:MaxTextBytes</c>, docs/limits.md).
/// </summary>
/// <param name="Title">The event's <c>title</c>.</param>
/// <param name="Message">The event's <c>message</c>.</param>
/// <param name="Severity"><c>info</c>, <c>success</c>, <c>warning</c> or <c>error</c>.</param>
/// <param name="Category">The event's <c>category</c>; null when absent.</param>
/// <param name="ActionUrl">The event's <c>actionUrl</c>; null when absent.</param>
internal sealed record EventNotification(string Title, string Message, string Severity, string? Category, string? ActionUrl);

/// <summary>What one request's insert stored (<see cref="EventStore.InsertStoredAsync"/>).</summary>
/// <param name="IsNew">Per event: newly stored (false: stored before, or by an earlier request of the same statement).</param>
/// <param name="NotificationIds">Per event: the id of the notification its statement stored for it; 0 when none.</param>
/// <param name="ReceivedAt">The statement's <c>received_at</c>, which is also the notifications' <c>created_at</c> (UTC, whole microseconds as stored).</param>
internal sealed record StoredEvents(bool[] IsNew, long[] NotificationIds, DateTimeOffset ReceivedAt)
{
    /// <summary>
    /// Per message of the request's <see cref="EventInsert.Live"/>, in its order: the seq the statement gave it; 0 when it
    /// was not published (its event a duplicate, or the message refused).
    /// </summary>
    public long[] LiveSeqs { get; init; } = [];

    /// <summary>Nothing stored (an empty request).</summary>
    public static StoredEvents None(DateTimeOffset at) => new([], [], at);
}

/// <summary>
/// What ingestion asks of the notification feed (implemented by <c>Notifications/</c>, which builds on ingestion, so
/// ingestion knows only this contract): the notifications of a request's events before the insert, and their live
/// messages after the commit.
/// </summary>
internal interface IEventNotifications
{
    /// <summary>
    /// Per event of <paramref name="events"/>, in order, its notification (null for an event that makes none); null when
    /// none of them does. Never throws.
    /// </summary>
    IReadOnlyList<EventNotification?>? Describe(IReadOnlyList<CloudEvent> events);

    /// <summary>
    /// Publishes the notifications <paramref name="stored"/> holds ids for on topic <c>notifications</c>; waits like
    /// <see cref="CommittedMessagePublisher.PublishAsync"/> (bounded by <c>Ingestion:LivePublishWaitMilliseconds</c>).
    /// Never throws but for <paramref name="ct"/>.
    /// </summary>
    Task PublishStoredAsync(string tenant, IReadOnlyList<EventNotification?> notifications, StoredEvents stored, CancellationToken ct);
}
