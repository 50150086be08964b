namespace Dashboard.Calls;

/// <summary>
/// One <c>call.*</c> event as the fold reads it (the fields of docs/events.md §2 it uses; absent ones are null), plus, for a
/// <c>call.queued</c>, the service-level threshold configured for its queue at fold time.
/// </summary>
internal sealed record CallEvent(
    string Tenant,
    string Type,
    DateTime Time,
    string CallId,
    string? CampaignId,
    string? Direction,
    string? Queue,
    string? AgentId,
    string? Outcome,
    double? DurationSeconds,
    int? SlThresholdSeconds = null);
