using Dashboard.Calls;

namespace Dashboard.Campaigns;

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
