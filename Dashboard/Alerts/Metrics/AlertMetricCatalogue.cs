using System.Text.RegularExpressions;

namespace Dashboard.Alerts.Metrics;

/// <summary>
/// Every metric an alert rule may reference (docs/alerts.md, "Metrics"), over the snapshots the tick and the jobs already
/// publish: names are the payload's own field paths behind a prefix per topic. Alerts read the JSON of those payloads and
/// never their types, so this folder depends on no domain folder (docs/architecture.md §2).
/// </summary>
internal static partial class AlertMetricCatalogue
{
    /// <summary>Prefix of a custom KPI reference: <c>kpi:&lt;name&gt;</c> with a Prometheus metric name.</summary>
    public const string KpiPrefix = "kpi:";

    /// <summary>How a custom KPI reference is listed among the known metrics.</summary>
    public const string KpiPattern = "kpi:<name>";

    /// <summary>Topic of the custom KPI series (<c>kpis_update</c>).</summary>
    public const string KpiTopic = "kpis";

    /// <summary>Message type of the KPI snapshot.</summary>
    public const string KpiMessageType = "kpis_update";

    /// <summary>The chat metric computed at evaluation time from the oldest waiting session's start, as clients tick it.</summary>
    public const string ChatLongestWait = "chat.longestWaitSeconds";

    private static readonly string[] QueueFields =
    [
        "callsWaiting:calls", "longestWaitSeconds:seconds", "offered:calls", "answered:calls", "answeredWithinThreshold:calls",
        "abandoned:calls", "handled:calls", "serviceLevel:ratio 0..1", "asaSeconds:seconds", "ahtSeconds:seconds",
        "abandonmentRate:ratio 0..1", "agents.online:agents", "agents.available:agents", "agents.onCall:agents",
        "agents.afterCallWork:agents", "agents.busy:agents", "agents.offline:agents",
    ];

    private static readonly string[] CampaignFields =
    [
        "activeCalls:calls", "queueDepth:calls", "dialingRate:attempts per second", "totalAttempts:calls", "answered:calls",
        "busy:calls", "failed:calls", "noAnswer:calls", "converted:calls", "optOuts:calls", "answerRate:ratio 0..1",
        "conversionRate:ratio 0..1",
    ];

    /// <summary>The catalogue, by name (ordinal).</summary>
    public static IReadOnlyDictionary<string, AlertMetric> Metrics { get; } = Build();

    /// <summary>Every reference, sorted, with <see cref="KpiPattern"/> last: what an unknown metric's 400 lists.</summary>
    public static IReadOnlyList<string> Known { get; } = [.. Metrics.Keys.Order(StringComparer.Ordinal), KpiPattern];

    /// <summary>True when <paramref name="metric"/> is in the catalogue or is <c>kpi:</c> followed by a valid KPI name.</summary>
    public static bool IsKnown(string metric) => Metrics.ContainsKey(metric) || KpiName(metric) is not null;

    /// <summary>The KPI name of a <c>kpi:&lt;name&gt;</c> reference; null when <paramref name="metric"/> is not one.</summary>
    public static string? KpiName(string metric) =>
        metric.StartsWith(KpiPrefix, StringComparison.Ordinal) && PrometheusName().IsMatch(metric.AsSpan(KpiPrefix.Length))
            ? metric[KpiPrefix.Length..]
            : null;

    private static Dictionary<string, AlertMetric> Build()
    {
        var all = new List<AlertMetric>();
        foreach (var (path, unit) in QueueFields.Select(Split))
        {
            var longest = path == "longestWaitSeconds";
            all.Add(new("queue." + path, "queue", "queue_updated", "queues", "queue", "queue", path, unit, longest));
            all.Add(new("queue.totals." + path, "queue", "queue_updated", null, null, null, "totals." + path, unit, longest));
        }

        all.Add(new("queue.serviceLevelThresholdSeconds", "queue", "queue_updated", "queues", "queue", "queue", "serviceLevelThresholdSeconds", "seconds"));
        all.Add(new("queue.serviceLevelTarget", "queue", "queue_updated", "queues", "queue", "queue", "serviceLevelTarget", "ratio 0..1"));

        foreach (var (path, unit) in new[] { "online:agents", "available:agents", "onCall:agents", "afterCallWork:agents", "busy:agents", "offline:agents", "occupancy:ratio 0..1", "agentCount:agents" }.Select(Split))
        {
            all.Add(new("agents." + path, "agents", "agent_metrics", null, null, null, path, unit));
        }

        foreach (var (path, unit) in CampaignFields.Select(Split))
        {
            all.Add(new("calls." + path, "metrics", "metrics_update", null, null, null, path, unit));
            all.Add(new("campaign." + path, "campaigns", "campaigns_update", "campaigns", "campaign", "campaignId", path, unit));
        }

        all.Add(new("calls.campaignCount", "metrics", "metrics_update", null, null, null, "campaignCount", "campaigns"));

        foreach (var (path, unit) in new[] { "totalCalls:calls", "activeCalls:calls", "endedCalls:calls", "completedCalls:calls", "successRate:ratio 0..1", "averageDurationSeconds:seconds" }.Select(Split))
        {
            all.Add(new("callStats." + path, "call_stats", "call_stats_update", null, null, null, "metrics." + path, unit));
        }

        foreach (var (path, unit) in new[]
        {
            "sessions.active:sessions", "sessions.waiting:sessions", "sessions.closedToday:sessions", "sessions.resolvedToday:sessions",
            "longestWaitSeconds:seconds", "averageWaitSeconds:seconds", "firstResponseSeconds:seconds", "resolutionSeconds:seconds",
            "csat.responses:responses", "csat.percent:ratio 0..1", "csat.average:score 1..5", "messages.today:messages",
            "messages.deliveryRate:ratio 0..1", "messages.readRate:ratio 0..1", "messages.failureRate:ratio 0..1",
        }.Select(Split))
        {
            all.Add(new("chat." + path, "chat", "chat_update", null, null, null, path, unit, path == "longestWaitSeconds"));
        }

        foreach (var (path, unit) in new[] { "activeSessions:sessions", "sessionsToday:sessions", "firstResponseSeconds:seconds", "resolutionSeconds:seconds", "csatPercent:ratio 0..1" }.Select(Split))
        {
            all.Add(new("chat.agent." + path, "chat", "chat_update", "agents", "agent", "agentId", path, unit));
        }

        foreach (var path in new[] { "activeUsers.current", "activeUsers.today", "activeUsers.peak24h" })
        {
            all.Add(new("commerce." + path, "commerce", "commerce_update", null, null, null, path, "users"));
        }

        foreach (var path in new[] { "total", "today", "thisWeek", "thisMonth" })
        {
            all.Add(new("commerce.revenue." + path, "commerce", "commerce_update", "revenue", "currency", "currency", path, "currency major unit"));
        }

        foreach (var group in new[] { "transactions", "transactionsToday" })
        {
            foreach (var status in new[] { "total", "pending", "completed", "failed", "refunded" })
            {
                all.Add(new($"commerce.{group}.{status}", "commerce", "commerce_update", null, null, null, $"{group}.{status}", "transactions"));
            }
        }

        foreach (var (path, unit) in new[] { "totalViews:views", "totalPurchases:purchases", "conversionRate:ratio 0..1", "viewsToday:views", "purchasesToday:purchases", "conversionRateToday:ratio 0..1" }.Select(Split))
        {
            all.Add(new("commerce.content." + path, "commerce", "commerce_update", null, null, null, "content." + path, unit));
        }

        return all.ToDictionary(m => m.Name, StringComparer.Ordinal);
    }

    private static (string Path, string Unit) Split(string entry)
    {
        var colon = entry.IndexOf(':', StringComparison.Ordinal);
        return (entry[..colon], entry[(colon + 1)..]);
    }

    // The KPI name rule of docs/events.md §5 (Prometheus naming, at most 191 characters).
    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]{0,190}$")]
    private static partial Regex PrometheusName();
}
