using Dashboard.Calls;

namespace Dashboard.Campaigns;

/// <summary>
/// Topic <c>metrics</c>, type <c>metrics_update</c> (snapshot): the tenant's campaign metrics of docs/metrics.md §2, summed over
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
