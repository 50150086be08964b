using Dashboard.Catalogue;
using Dashboard.Ingestion;

namespace Dashboard.Activity;

/// <summary>
/// The activity line of each event type (docs/activity.md): the domain it belongs to, and the per-domain summaries
/// (<see cref="VoiceSummaries"/>, <see cref="ChatSummaries"/>, <see cref="CommerceSummaries"/>, <see cref="KpiSummaries"/>,
/// <see cref="NotificationSummaries"/>), with summary and subject cut to 200 characters.
/// </summary>
internal static class ActivitySummaries
{
    /// <summary>The domain of <paramref name="type"/>: voice, chat, commerce, kpi or notification (any other type: notification).</summary>
    public static string DomainOf(string type) => type switch
    {
        EventTypes.CallStarted or EventTypes.CallQueued or EventTypes.CallAnswered or EventTypes.CallEnded
            or EventTypes.CampaignUpdated or EventTypes.AgentStatusChanged => ActivityDomains.Voice,
        EventTypes.ChatSessionStarted or EventTypes.ChatSessionAssigned or EventTypes.ChatSessionClosed
            or EventTypes.ChatMessage or EventTypes.ChatMessageStatus or EventTypes.CsatSubmitted => ActivityDomains.Chat,
        EventTypes.TransactionUpdated or EventTypes.UserActive or EventTypes.ContentViewed or EventTypes.ContentPurchased => ActivityDomains.Commerce,
        "metric.reported" => ActivityDomains.Kpi,
        _ => ActivityDomains.Notification,
    };

    /// <summary>
    /// The line of <paramref name="e"/>, using and then extending <paramref name="context"/> (call these in the request's
    /// order). Never throws on a validated event; a member missing from its data only shortens the text.
    /// </summary>
    public static EventActivityLine Describe(CloudEvent e, ActivityContext context)
    {
        var line = DomainOf(e.Type) switch
        {
            ActivityDomains.Voice => VoiceSummaries.Describe(e, context),
            ActivityDomains.Chat => ChatSummaries.Describe(e, context),
            ActivityDomains.Commerce => CommerceSummaries.Describe(e),
            ActivityDomains.Kpi => KpiSummaries.Describe(e),
            _ when e.Type == "notification.created" => NotificationSummaries.Describe(e),
            _ => new EventActivityLine(ActivityDomains.Notification, null, $"{e.Type} event", ActivitySeverity.Info),
        };
        return line with { Subject = ActivityText.Cut(line.Subject), Summary = ActivityText.Cut(line.Summary)! };
    }
}
