using Dashboard.Realtime;
using System.Text.Json;

namespace Dashboard.BusinessSeries;

/// <summary>
/// One business gauge sample: which gauge (<see cref="BusinessGauge"/>), its label values in the order of that gauge's
/// label names (<see cref="BusinessSeriesReader.LabelNames"/>) and its value.
/// </summary>
/// <param name="Gauge">Which gauge.</param>
/// <param name="LabelValues">The label values, in the order of the label names.</param>
/// <param name="Value">The sample's value.</param>
/// <param name="LabelNames">
/// The label names of this sample when its gauge has no fixed set (<see cref="BusinessGauge.Kpi"/>: <c>tenant</c>,
/// <c>name</c>, then the series' own labels); null for the fixed names of <see cref="BusinessSeriesReader.LabelNames"/>.
/// </param>
internal readonly record struct BusinessSample(BusinessGauge Gauge, string[] LabelValues, double Value, string[]? LabelNames = null);

/// <summary>
/// Reads the business gauges from the hub's newest snapshots (the payloads of docs/protocol.md the metrics job published):
/// <c>calls</c> (<c>active_calls_update</c>), <c>agents</c> (<c>agent_metrics</c>), <c>queue</c> (<c>queue_updated</c>),
/// <c>chat</c> (<c>chat_update</c>), <c>commerce</c> (<c>commerce_update</c>), <c>campaigns</c> (<c>campaigns_update</c>) and <c>kpis</c> (<c>kpis_update</c>: the series it lists). A null ratio (no denominator) yields no sample, never NaN.
/// </summary>
internal static class BusinessSeriesReader
{
    private static readonly (string Json, string Label)[] AgentStatuses =
        [("available", "available"), ("onCall", "on_call"), ("afterCallWork", "after_call_work"), ("busy", "busy"), ("offline", "offline")];

    /// <summary>The label names of each gauge, indexed by <see cref="BusinessGauge"/>.</summary>
    public static readonly string[][] LabelNames =
    [
        ["tenant"],
        ["tenant", "status"],
        ["tenant"],
        ["tenant", "queue"],
        ["tenant", "queue"],
        ["tenant", "queue"],
        ["tenant", "queue"],
        ["tenant", "queue", "status"],
        ["tenant", "state"],
        ["tenant"],
        ["tenant"],
        ["tenant"],
        ["tenant", "window"],
        ["tenant", "currency", "window"],
        ["tenant", "status"],
        ["tenant", "campaign"],
        ["tenant", "campaign"],
        ["tenant", "campaign"],
        ["tenant", "campaign"],
        ["tenant", "campaign"],
        ["tenant", "name"],
    ];

    /// <summary>Every sample the hub's snapshots imply, tenants in ordinal order, grouped by <see cref="BusinessGauge"/>.</summary>
    /// <param name="hub">This node's hub.</param>
    /// <param name="now">The scrape's time (UTC): a chat wait is counted from its start up to it.</param>
    public static List<BusinessSample> Read(RealtimeHub hub, DateTime now)
    {
        var samples = new List<BusinessSample>();
        foreach (var (tenant, data) in Data(hub, Topics.Calls))
        {
            Add(samples, BusinessGauge.TenantActiveCalls, Number(data, "activeCalls"), ("tenant", tenant));
        }

        foreach (var (tenant, data) in Data(hub, Topics.Agents))
        {
            foreach (var (json, label) in AgentStatuses)
            {
                Add(samples, BusinessGauge.Agents, Number(data, json), ("tenant", tenant), ("status", label));
            }

            Add(samples, BusinessGauge.AgentOccupancy, Number(data, "occupancy"), ("tenant", tenant));
        }

        foreach (var (tenant, data) in Data(hub, Topics.Queue))
        {
            foreach (var queue in Array(data, "queues"))
            {
                var name = queue.TryGetProperty("queue", out var q) ? q.GetString() ?? "" : "";
                (string, string) t = ("tenant", tenant), n = ("queue", name);
                Add(samples, BusinessGauge.QueueCallsWaiting, Number(queue, "callsWaiting"), t, n);
                // Nobody waiting is a longest wait of 0 s (an absent series would break "longest wait > X" alerts).
                Add(samples, BusinessGauge.QueueLongestWait, Number(queue, "longestWaitSeconds") ?? 0, t, n);
                Add(samples, BusinessGauge.QueueServiceLevel, Number(queue, "serviceLevel"), t, n);
                Add(samples, BusinessGauge.QueueAbandonment, Number(queue, "abandonmentRate"), t, n);
                if (queue.TryGetProperty("agents", out var agents) && agents.ValueKind == JsonValueKind.Object)
                {
                    foreach (var (json, label) in AgentStatuses)
                    {
                        Add(samples, BusinessGauge.QueueAgents, Number(agents, json), t, n, ("status", label));
                    }
                }
            }
        }

        foreach (var (tenant, data) in Data(hub, Topics.Chat))
        {
            (string, string) t = ("tenant", tenant);
            if (data.TryGetProperty("sessions", out var sessions) && sessions.ValueKind == JsonValueKind.Object)
            {
                Add(samples, BusinessGauge.ChatSessions, Number(sessions, "waiting"), t, ("state", "waiting"));
                Add(samples, BusinessGauge.ChatSessions, Number(sessions, "active"), t, ("state", "active"));
            }

            // chat_update is published only when something but the clock changed (docs/metrics.md §6), so the wait is
            // taken from the oldest waiting session's start, not from the snapshot's figure.
            var oldest = Array(data, "waitingSessions").Select(w => w.TryGetProperty("startedAt", out var s) && s.TryGetDateTime(out var at) ? at.ToUniversalTime() : (DateTime?)null).FirstOrDefault();
            Add(samples, BusinessGauge.ChatLongestWait, oldest is { } since ? Math.Max(0, Math.Round((now - since).TotalSeconds, 1)) : 0, t);
            Add(samples, BusinessGauge.ChatFirstResponse, Number(data, "firstResponseSeconds"), t);
            if (data.TryGetProperty("csat", out var csat) && csat.ValueKind == JsonValueKind.Object)
            {
                Add(samples, BusinessGauge.ChatCsat, Number(csat, "percent"), t);
            }
        }

        foreach (var (tenant, data) in Data(hub, Topics.Commerce))
        {
            (string, string) t = ("tenant", tenant);
            if (data.TryGetProperty("activeUsers", out var users) && users.ValueKind == JsonValueKind.Object)
            {
                Add(samples, BusinessGauge.CommerceActiveUsers, Number(users, "current"), t, ("window", "current"));
                Add(samples, BusinessGauge.CommerceActiveUsers, Number(users, "today"), t, ("window", "today"));
            }

            // Exact decimals on the wire; a Prometheus sample is a float64 (about 15 significant digits).
            foreach (var revenue in Array(data, "revenue"))
            {
                (string, string) c = ("currency", revenue.TryGetProperty("currency", out var code) ? code.GetString() ?? "" : "");
                Add(samples, BusinessGauge.CommerceRevenue, Number(revenue, "today"), t, c, ("window", "today"));
                Add(samples, BusinessGauge.CommerceRevenue, Number(revenue, "total"), t, c, ("window", "total"));
            }

            if (data.TryGetProperty("transactions", out var transactions) && transactions.ValueKind == JsonValueKind.Object)
            {
                // One per status the payload counts, in its order (docs/metrics.md §7); "total" is their sum, not a status.
                foreach (var status in transactions.EnumerateObject().Where(p => p.Name != "total"))
                {
                    Add(samples, BusinessGauge.CommerceTransactions, Number(transactions, status.Name), t, ("status", status.Name));
                }
            }
        }

        foreach (var (tenant, data) in Data(hub, Topics.Campaigns))
        {
            foreach (var campaign in Array(data, "campaigns"))
            {
                var id = campaign.TryGetProperty("campaignId", out var c) ? c.GetString() ?? "" : "";
                (string, string) t = ("tenant", tenant), n = ("campaign", id);
                Add(samples, BusinessGauge.CampaignActiveCalls, Number(campaign, "activeCalls"), t, n);
                Add(samples, BusinessGauge.CampaignQueueDepth, Number(campaign, "queueDepth"), t, n);
                Add(samples, BusinessGauge.CampaignDialingRate, Number(campaign, "dialingRate"), t, n);
                Add(samples, BusinessGauge.CampaignAnswerRatio, Number(campaign, "answerRate"), t, n);
                Add(samples, BusinessGauge.CampaignConversionRatio, Number(campaign, "conversionRate"), t, n);
            }
        }

        foreach (var (tenant, data) in Data(hub, Topics.Kpis))
        {
            foreach (var series in Array(data, "series"))
            {
                AddKpi(samples, tenant, series);
            }
        }

        // Grouped by gauge so the cap keeps whole families in BusinessGauge order; stable within a gauge.
        return [.. samples.OrderBy(s => s.Gauge)];
    }

    // dashboard_kpi{tenant, name, <the series' labels by name>} = value (a counter's total), docs/metrics.md §8. Ingestion
    // refuses label names a gauge cannot carry (tenant, name, __*); a payload holding one anyway is skipped, not exported wrong.
    private static void AddKpi(List<BusinessSample> samples, string tenant, JsonElement series)
    {
        if (Number(series, "value") is not { } value || !double.IsFinite(value)
            || !series.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
        {
            return;
        }

        List<string> names = ["tenant", "name"], values = [tenant, name.GetString()!];
        if (series.TryGetProperty("labels", out var labels) && labels.ValueKind == JsonValueKind.Object)
        {
            foreach (var label in labels.EnumerateObject().OrderBy(l => l.Name, StringComparer.Ordinal))
            {
                if (label.Name is "tenant" or "name" || label.Name.StartsWith("__", StringComparison.Ordinal) || label.Value.ValueKind != JsonValueKind.String)
                {
                    return;
                }

                names.Add(label.Name);
                values.Add(label.Value.GetString()!);
            }
        }

        samples.Add(new BusinessSample(BusinessGauge.Kpi, [.. values], value, [.. names]));
    }

    private static IEnumerable<(string Tenant, JsonElement Data)> Data(RealtimeHub hub, string topic)
    {
        foreach (var message in hub.Snapshots(topic).OrderBy(m => m.Tenant, StringComparer.Ordinal))
        {
            using var document = JsonDocument.Parse(message.Json);
            if (document.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
            {
                yield return (message.Tenant, data.Clone());
            }
        }
    }

    private static IEnumerable<JsonElement> Array(JsonElement data, string name) =>
        data.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : [];

    private static double? Number(JsonElement data, string name) =>
        data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    // The names are given at each call site for readability; they must be LabelNames[gauge], in that order.
    private static void Add(List<BusinessSample> samples, BusinessGauge gauge, double? value, params (string Name, string Value)[] labels)
    {
        if (value is { } v && double.IsFinite(v))
        {
            samples.Add(new BusinessSample(gauge, [.. labels.Select(l => l.Value)], v));
        }
    }
}
