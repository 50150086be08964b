using Dashboard.Ingestion;
using static Dashboard.Activity.ActivityText;

namespace Dashboard.Activity;

/// <summary>Summaries of <c>notification.created</c> (docs/activity.md, "Notifications"): its title, at its own severity.</summary>
internal static class NotificationSummaries
{
    /// <summary>The line of a notification: the title; severity as sent (info when not one of the four); subject the category.</summary>
    public static EventActivityLine Describe(CloudEvent e)
    {
        var data = e.Data;
        var severity = Text(data, "severity") is { } s && ActivitySeverity.All.Contains(s) ? s : ActivitySeverity.Info;
        return new(ActivityDomains.Notification, Text(data, "category"), Text(data, "title") ?? "Notification", severity);
    }
}
