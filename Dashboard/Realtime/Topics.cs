using Dashboard.Auth;

namespace Dashboard.Realtime;

/// <summary>The topic catalogue of docs/protocol.md §5 and who may read each topic.</summary>
public static class Topics
{
    /// <summary>Tenant overview metrics (<c>metrics_update</c>).</summary>
    public const string Metrics = "metrics";

    /// <summary>Every campaign's metrics (<c>campaigns_update</c>).</summary>
    public const string Campaigns = "campaigns";

    /// <summary>Prefix of one campaign's topic, <c>campaign:{id}</c>.</summary>
    public const string CampaignPrefix = "campaign:";

    /// <summary>Call events and active calls.</summary>
    public const string Calls = "calls";

    /// <summary>Inbound queues' metrics (<c>queue_updated</c>).</summary>
    public const string Queue = "queue";

    /// <summary>
    /// The windowed call statistics (<c>call_stats_update</c>, every <c>Jobs:StatsIntervalSeconds</c>): this server's
    /// addition to docs/protocol.md §5, since a topic carries one snapshot and <c>calls</c> already has <c>active_calls_update</c>.
    /// </summary>
    public const string CallStats = "call_stats";

    /// <summary>Agent status changes (<c>agent_status_changed</c>, at ingest) and agent metrics.</summary>
    public const string Agents = "agents";

    /// <summary>Chat and support metrics (<c>chat_update</c>).</summary>
    public const string Chat = "chat";

    /// <summary>Commerce metrics (<c>commerce_update</c>).</summary>
    public const string Commerce = "commerce";

    /// <summary>Custom KPI series (<c>kpis_update</c>).</summary>
    public const string Kpis = "kpis";
    /// <summary>The activity feed (<c>activity</c>: one entry at ingest, a coalesced list for a large request, the last 200 as snapshot).</summary>
    public const string Activity = "activity";

    /// <summary>Node health (<c>system_health_update</c>); needs the <c>admin</c> scope.</summary>
    public const string System = "system";

    private static readonly HashSet<string> Fixed = new(StringComparer.Ordinal)
    {
        Metrics, Campaigns, Calls, CallStats, "queue", Agents, Chat, Commerce, Kpis, Activity, "notifications", System,
    };

    // Topics whose live messages are entries of a feed rather than states (docs/protocol.md §5, "Feed topics").
    private static readonly HashSet<string> Feeds = new(StringComparer.Ordinal) { "activity", "notifications" };

    /// <summary>
    /// True for a feed topic (<c>activity</c>, <c>notifications</c>): its snapshot holds the newest entries as of when it
    /// was published, and a subscription that starts from it also gets the entries published after it (docs/protocol.md §5).
    /// </summary>
    public static bool IsFeed(string topic) => Feeds.Contains(topic);

    /// <summary>The largest accepted topic name, in characters.</summary>
    public const int MaxLength = 200;

    /// <summary>True when <paramref name="topic"/> is in the catalogue (a fixed name or <c>campaign:{id}</c> with a non-empty id).</summary>
    public static bool IsKnown(string? topic) =>
        topic is { Length: > 0 and <= MaxLength }
        && (Fixed.Contains(topic) || (topic.StartsWith(CampaignPrefix, StringComparison.Ordinal) && topic.Length > CampaignPrefix.Length));

    /// <summary>True when <paramref name="principal"/> may read <paramref name="topic"/>: <c>dashboard:read</c>, plus <c>admin</c> for <c>system</c>.</summary>
    public static bool CanRead(TokenPrincipal principal, string topic) =>
        principal.Has(Scopes.Read) && (topic != System || principal.Has(Scopes.Admin));

    /// <summary>The topic of one campaign.</summary>
    public static string Campaign(string campaignId) => CampaignPrefix + campaignId;
}
