using Dashboard.Ingestion;

namespace Dashboard.Notifications;

/// <summary>
/// Registers and maps the notification feed (docs/notifications.md): producer notifications stored with their
/// <c>notification.created</c> events and published live on <c>notifications</c>, the tick's snapshot step, read marks
/// per user and <c>/api/v1/notifications</c>.
/// </summary>
public static class NotificationsExtensions
{
    /// <summary>
    /// Adds the feed's services. Uses <c>Activity:MaxMessagesPerRequest</c> (registered by <c>AddActivity</c>) for coalescing.
    /// </summary>
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ProducerNotifications>();
        builder.Services.AddSingleton<IEventNotifications>(sp => sp.GetRequiredService<ProducerNotifications>());
        builder.Services.AddSingleton<NotificationReader>();
        builder.Services.AddSingleton<NotificationReadMarks>();
        builder.Services.AddSingleton<NotificationSnapshotPublisher>();
        return builder;
    }

    /// <summary>Maps <c>GET /api/v1/notifications</c>, <c>POST …/{id}/read</c> and <c>POST …/read-all</c> (scope <c>dashboard:read</c>).</summary>
    public static WebApplication MapNotifications(this WebApplication app)
    {
        NotificationEndpoints.Map(app);
        return app;
    }
}
