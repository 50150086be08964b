using System.Text.Json.Serialization;

namespace Dashboard.Metrics;

/// <summary>
/// Counts per <c>call.ended</c> outcome (DESIGN.md §4), serialised with the catalogue's snake_case names:
/// <c>{"completed":n,"busy":n,"no_answer":n,"failed":n,"converted":n,"opted_out":n,"abandoned":n,"voicemail":n,"canceled":n}</c>.
/// </summary>
public sealed record OutcomeCounts(
    [property: JsonPropertyName("completed")] long Completed,
    [property: JsonPropertyName("busy")] long Busy,
    [property: JsonPropertyName("no_answer")] long NoAnswer,
    [property: JsonPropertyName("failed")] long Failed,
    [property: JsonPropertyName("converted")] long Converted,
    [property: JsonPropertyName("opted_out")] long OptedOut,
    [property: JsonPropertyName("abandoned")] long Abandoned,
    [property: JsonPropertyName("voicemail")] long Voicemail,
    [property: JsonPropertyName("canceled")] long Canceled);

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

/// <summary>One active call: started, not ended. <c>durationSeconds</c> is live (now minus <c>startedAt</c>).</summary>
public sealed record ActiveCall(string CallId, string? CampaignId, string? AgentId, DateTime StartedAt, DateTime? AnsweredAt, double DurationSeconds);

/// <summary>
/// Topic <c>calls</c>, type <c>active_calls_update</c> (snapshot): the number of active calls of the tenant (campaign or
/// not) and at most <c>Payloads:MaxActiveCalls</c> (default 100) of them, longest first; <c>truncated</c> says the list
/// stops short of <c>activeCalls</c>.
/// </summary>
/// <remarks>Equality compares the calls element by element (a record compares a list by reference).</remarks>
public sealed record ActiveCallsUpdate(int ActiveCalls, IReadOnlyList<ActiveCall> Calls, DateTime ComputedAt)
{
    /// <summary>True when <see cref="Calls"/> lists fewer than <see cref="ActiveCalls"/>.</summary>
    public bool Truncated => ActiveCalls > Calls.Count;

    /// <inheritdoc />
    public bool Equals(ActiveCallsUpdate? other) =>
        other is not null && ActiveCalls == other.ActiveCalls && ComputedAt == other.ComputedAt && Calls.SequenceEqual(other.Calls);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ActiveCalls, Calls.Count, ComputedAt);
}

/// <summary>Message types the campaign metrics job publishes.</summary>
public static class MetricMessageTypes
{
    /// <summary>On <c>metrics</c> and <c>campaign:{id}</c>.</summary>
    public const string MetricsUpdate = "metrics_update";

    /// <summary>On <c>campaigns</c>.</summary>
    public const string CampaignsUpdate = "campaigns_update";

    /// <summary>On <c>calls</c>.</summary>
    public const string ActiveCallsUpdate = "active_calls_update";

    /// <summary>On <c>system</c>.</summary>
    public const string SystemHealthUpdate = "system_health_update";
}
