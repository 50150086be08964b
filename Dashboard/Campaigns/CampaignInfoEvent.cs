namespace Dashboard.Campaigns;

/// <summary>One <c>campaign.updated</c> event: the fields present replace what an older event set.</summary>
internal sealed record CampaignInfoEvent(string Tenant, string CampaignId, DateTime Time, string? Name, string? Status, int? QueueDepth);
