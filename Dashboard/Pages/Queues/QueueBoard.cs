using Dashboard.Queues;
using Dashboard.Realtime;
using System.Text;
using System.Text.Json;

namespace Dashboard.Pages.Queues;

/// <summary>
/// What the Queue &amp; Agents page and the Wallboard show before their scripts connect: the hub's newest
/// <c>queue_updated</c>, <c>agent_metrics</c> and (for the Wallboard) <c>campaigns_update</c> snapshots. When this node
/// holds no queue snapshot yet (no tick has published one for the tenant), the queue and agent metrics are computed on
/// request exactly as <c>GET /api/v1/queues</c> does, so the first view is never empty while data exists.
/// </summary>
internal sealed class QueueBoard
{
    /// <summary>Per queue and totals, or null when the tenant has no queue data at all.</summary>
    public QueueUpdated? Queue { get; private init; }

    /// <summary>Agents by status and the agent list, or null.</summary>
    public AgentMetricsUpdate? Agents { get; private init; }

    /// <summary>The campaigns for the Wallboard (empty unless asked for).</summary>
    public IReadOnlyList<CampaignFigures> Campaigns { get; private init; } = [];

    /// <summary>When the newest of the shown snapshots was computed (ISO 8601 UTC), or null.</summary>
    public string? UpdatedAt { get; private init; }

    /// <summary>
    /// <c>{"queue":envelope|null,"agents":envelope|null,"campaigns":envelope|null}</c> for the page script, safe inside a
    /// <c>&lt;script type="application/json"&gt;</c> element.
    /// </summary>
    public string InitialStateJson { get; private init; } = """{"queue":null,"agents":null,"campaigns":null}""";

    /// <summary>Reads the snapshots of <paramref name="tenant"/>; <paramref name="withCampaigns"/> adds <c>campaigns</c>.</summary>
    public static async Task<QueueBoard> LoadAsync(
        RealtimeHub hub, QueueMetricsCalculator calculator, TimeProvider time, string tenant, bool withCampaigns, CancellationToken ct)
    {
        var queueMessage = hub.Latest(tenant, Topics.Queue);
        var agentsMessage = hub.Latest(tenant, Topics.Agents);
        var campaignsMessage = withCampaigns ? hub.Latest(tenant, Topics.Campaigns) : null;

        string queueJson, agentsJson;
        QueueUpdated? queue;
        AgentMetricsUpdate? agents;
        if (queueMessage is null)
        {
            var computed = (await calculator.ComputeAsync([tenant], time.GetUtcNow().UtcDateTime, ct))[0];
            var empty = computed.IsEmpty;
            queue = empty ? null : computed.Queue;
            agents = empty ? null : computed.Agents;
            queueJson = empty ? "null" : Envelope(QueueMessageTypes.QueueUpdated, Topics.Queue, computed.Queue, computed.Queue.ComputedAt);
            agentsJson = empty ? "null" : Envelope(QueueMessageTypes.AgentMetrics, Topics.Agents, computed.Agents, computed.Agents.ComputedAt);
        }
        else
        {
            queue = Data<QueueUpdated>(queueMessage);
            queueJson = Raw(queueMessage);
            // agent_status_changed is an event: only the agent_metrics snapshot describes every agent.
            agents = agentsMessage?.IsSnapshot == true ? Data<AgentMetricsUpdate>(agentsMessage) : null;
            agentsJson = agents is null ? "null" : Raw(agentsMessage!);
        }

        var campaigns = campaignsMessage is null ? [] : CampaignFigures.Parse(campaignsMessage);
        var updated = new[] { queue?.ComputedAt, agents?.ComputedAt, campaignsMessage?.Timestamp.UtcDateTime }.Max();
        var json = $$"""{"queue":{{queueJson}},"agents":{{agentsJson}},"campaigns":{{(campaignsMessage is null ? "null" : Raw(campaignsMessage))}}}""";
        return new QueueBoard
        {
            Queue = queue,
            Agents = agents,
            Campaigns = campaigns,
            UpdatedAt = updated is { } u ? HubEnvelope.FormatTimestamp(new DateTimeOffset(DateTime.SpecifyKind(u, DateTimeKind.Utc))) : null,
            InitialStateJson = json.Replace("<", "\\u003c", StringComparison.Ordinal),
        };
    }

    private static string Raw(HubMessage message) => Encoding.UTF8.GetString(message.Json.Span);

    private static T? Data<T>(HubMessage message)
        where T : class
    {
        using var doc = JsonDocument.Parse(message.Json);
        return doc.RootElement.TryGetProperty("data", out var data) ? data.Deserialize<T>(JsonDefaults.Options) : null;
    }

    // The same envelope shape the hub sends (docs/protocol.md §3.8); seq 0 marks "computed for this page, not from the stream".
    private static string Envelope(string type, string topic, object data, DateTime computedAt) => JsonSerializer.Serialize(
        new { type, topic, seq = 0, ts = HubEnvelope.FormatTimestamp(new DateTimeOffset(DateTime.SpecifyKind(computedAt, DateTimeKind.Utc))), data },
        JsonDefaults.Options);
}

/// <summary>One campaign of <c>campaigns_update</c>, raw values (the Wallboard's campaigns view).</summary>
/// <param name="Id">Campaign id.</param>
/// <param name="Name">Display name (the id when none).</param>
/// <param name="ActiveCalls">Calls in progress.</param>
/// <param name="QueueDepth">Contacts still to dial.</param>
/// <param name="AnswerRate">Answered / attempts (0..1), or null.</param>
/// <param name="ConversionRate">Converted / answered (0..1), or null.</param>
internal sealed record CampaignFigures(string Id, string Name, double? ActiveCalls, double? QueueDepth, double? AnswerRate, double? ConversionRate)
{
    /// <summary>The campaigns of a <c>campaigns_update</c> envelope, in its order.</summary>
    public static IReadOnlyList<CampaignFigures> Parse(HubMessage message)
    {
        using var doc = JsonDocument.Parse(message.Json);
        if (!doc.RootElement.TryGetProperty("data", out var data) || !data.TryGetProperty("campaigns", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return list.EnumerateArray().Select(c =>
        {
            var id = Text(c, "campaignId") ?? "";
            return new CampaignFigures(id, Text(c, "name") ?? id, Number(c, "activeCalls"), Number(c, "queueDepth"), Number(c, "answerRate"), Number(c, "conversionRate"));
        }).ToList();
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String && p.GetString() is { Length: > 0 } s ? s : null;

    private static double? Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number ? p.GetDouble() : null;
}
