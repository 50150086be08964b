using Dashboard.Calls;

namespace Dashboard.Campaigns;

/// <summary>
/// Topic <c>metrics</c>, type <c>metrics_update</c> (snapshot): the tenant's campaign metrics of DESIGN.md §5, summed over
/// its campaigns. Counts are calls; <c>dialingRate</c> is attempts per second over the last 60 s; ratios are null when
/// their denominator is 0; <c>computedAt</c> is UTC.
/// </summary>
public sealed record TenantMetricsUpdate(
    int ActiveCalls,
    int QueueDepth,
    double DialingRate,
    long TotalAttempts,
    long Answered,
    long Busy,
    long Failed,
    long NoAnswer,
    long Converted,
    long OptOuts,
    double? AnswerRate,
    double? ConversionRate,
    OutcomeCounts OutcomeCounts,
    int CampaignCount,
    DateTime ComputedAt);

/// <summary>
/// Topic <c>campaign:{id}</c>, type <c>metrics_update</c> (snapshot), and each element of <c>campaigns_update</c>: one
/// campaign's metrics, the fields of <see cref="TenantMetricsUpdate"/> plus its id, name and status (null until a
/// <c>campaign.updated</c> says).
/// </summary>
public sealed record CampaignMetricsUpdate(
    string CampaignId,
    string? Name,
    string? Status,
    int ActiveCalls,
    int QueueDepth,
    double DialingRate,
    long TotalAttempts,
    long Answered,
    long Busy,
    long Failed,
    long NoAnswer,
    long Converted,
    long OptOuts,
    double? AnswerRate,
    double? ConversionRate,
    OutcomeCounts OutcomeCounts,
    DateTime ComputedAt);

/// <summary>
/// Topic <c>campaigns</c>, type <c>campaigns_update</c> (snapshot): the tenant's campaigns by id, at most
/// <c>Payloads:MaxCampaigns</c> (default 500); <c>campaignCount</c> is the true number and <c>truncated</c> says the list
/// stops short of it. Equality compares the campaigns element by element (a record compares a list by reference).
/// </summary>
public sealed record CampaignsUpdate(IReadOnlyList<CampaignMetricsUpdate> Campaigns, DateTime ComputedAt)
{
    /// <summary>Every campaign of the tenant (the list may stop short of it); defaults to the list's length.</summary>
    public int CampaignCount
    {
        get => field < Campaigns.Count ? Campaigns.Count : field;
        init;
    }

    /// <summary>True when <see cref="Campaigns"/> lists fewer than <see cref="CampaignCount"/>.</summary>
    public bool Truncated => CampaignCount > Campaigns.Count;

    /// <inheritdoc />
    public bool Equals(CampaignsUpdate? other) =>
        other is not null && ComputedAt == other.ComputedAt && CampaignCount == other.CampaignCount && Campaigns.SequenceEqual(other.Campaigns);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Campaigns.Count, ComputedAt);
}

/// <summary>Message types of the campaign payloads (published by the tick).</summary>
public static class CampaignMessageTypes
{
    /// <summary>On <c>metrics</c> and <c>campaign:{id}</c>.</summary>
    public const string MetricsUpdate = "metrics_update";

    /// <summary>On <c>campaigns</c>.</summary>
    public const string CampaignsUpdate = "campaigns_update";
}
