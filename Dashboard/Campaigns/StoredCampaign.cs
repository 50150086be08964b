using Dashboard.Calls;

namespace Dashboard.Campaigns;

/// <summary>A <c>campaigns</c> row's counters.</summary>
internal sealed record StoredCampaign(string CampaignId, string? Name, string? Status, int QueueDepth, long TotalAttempts, long Answered, OutcomeCounts Outcomes);
