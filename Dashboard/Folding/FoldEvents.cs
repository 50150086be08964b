namespace Dashboard.Folding;

/// <summary>
/// One <c>call.*</c> event as the fold reads it (the fields of DESIGN.md §4 it uses; absent ones are null), plus, for a
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

/// <summary>One <c>campaign.updated</c> event: the fields present replace what an older event set.</summary>
internal sealed record CampaignInfoEvent(string Tenant, string CampaignId, DateTime Time, string? Name, string? Status, int? QueueDepth);
