using Dashboard.Calls;

namespace Dashboard.Campaigns;

/// <summary>One tenant's payloads for <c>metrics</c>, <c>campaigns</c> (and each <c>campaign:{id}</c>) and <c>calls</c>.</summary>
internal sealed record TenantCampaignMetrics(string Tenant, TenantMetricsUpdate Overview, CampaignsUpdate Campaigns, ActiveCallsUpdate ActiveCalls)
{
    /// <summary>Every campaign, also past <c>Payloads:MaxCampaigns</c>: each has its own <c>campaign:{id}</c> topic.</summary>
    public IReadOnlyList<CampaignMetricsUpdate> EveryCampaign { get; init; } = Campaigns.Campaigns;
}
