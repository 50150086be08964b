namespace Dashboard.Ingestion;

/// <summary>
/// The <c>data</c> of a <c>call_event</c> message on the <c>calls</c> topic (docs/protocol.md §5): every member
/// is always written, absent ones as <c>null</c>.
/// </summary>
/// <param name="Event"><c>call_started</c>, <c>call_answered</c> or <c>call_ended</c>.</param>
/// <param name="CallId">The call.</param>
/// <param name="CampaignId">From <c>call.started</c>.</param>
/// <param name="Direction"><c>inbound</c> or <c>outbound</c>, from <c>call.started</c>.</param>
/// <param name="AgentId">From <c>call.started</c> or <c>call.answered</c>.</param>
/// <param name="Outcome">From <c>call.ended</c>.</param>
/// <param name="DurationSeconds">From <c>call.ended</c>, seconds.</param>
/// <param name="Time">The event's time, ISO 8601 UTC with milliseconds.</param>
internal sealed record CallEventData(
    string Event, string CallId, string? CampaignId, string? Direction, string? AgentId, string? Outcome, double? DurationSeconds, string Time);
