namespace Dashboard.Campaigns;

/// <summary>Message types of the campaign payloads (published by the tick).</summary>
public static class CampaignMessageTypes
{
    /// <summary>On <c>metrics</c> and <c>campaign:{id}</c>.</summary>
    public const string MetricsUpdate = "metrics_update";

    /// <summary>On <c>campaigns</c>.</summary>
    public const string CampaignsUpdate = "campaigns_update";
}
