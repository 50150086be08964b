namespace Dashboard.Publishing;

/// <summary>
/// Configuration section <c>Payloads</c>: the most entries a list-shaped snapshot carries (docs/limits.md). Each such
/// payload also carries the true count and <c>truncated: true</c> when the list stops short of it, so no input can make a
/// broadcast grow without bound; <c>Realtime:MaxPublishBytes</c> is the backstop on the whole message.
/// </summary>
public sealed class PayloadOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Payloads";

    /// <summary>Active calls listed in <c>active_calls_update</c> (longest first). 1–1,000, default 100.</summary>
    public int MaxActiveCalls { get; set; } = 100;

    /// <summary>Agents listed in <c>agent_metrics</c> (by id). 1–5,000, default 500.</summary>
    public int MaxAgents { get; set; } = 500;

    /// <summary>Campaigns listed in <c>campaigns_update</c> (by id). 1–5,000, default 500.</summary>
    public int MaxCampaigns { get; set; } = 500;

    /// <summary>Queues listed in <c>queue_updated</c> (the most callers waiting, then most offered; shown by name). 1–1,000, default 200.</summary>
    public int MaxQueues { get; set; } = 200;

    /// <summary>Waiting sessions listed in <c>chat_update</c>'s <c>waitingSessions</c> (oldest first; <c>sessions.waiting</c> is the true count). 1–1,000, default 50.</summary>
    public int MaxWaitingSessions { get; set; } = 50;

    /// <summary>Series listed in <c>kpis_update</c> (by key; <c>seriesCount</c> is the true count). 1–1,000, default 200.</summary>
    public int MaxKpiSeries { get; set; } = 200;
}
