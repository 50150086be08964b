using System.Text;
using System.Text.Json;
using Dashboard.Pages.Shell;
using Dashboard.Realtime;

namespace Dashboard.Pages;

/// <summary>
/// The overview's first view, taken from the hub's newest <c>metrics</c>, <c>campaigns</c> and <c>system</c> snapshots
/// (the brief's wire data contracts), formatted exactly as <c>wwwroot/js/overview.js</c> formats live updates.
/// Missing values and <c>null</c> ratios show as "—".
/// </summary>
public sealed class OverviewSnapshot
{
    /// <summary>Shown for a missing value or a <c>null</c> ratio.</summary>
    public const string None = Display.None;

    /// <summary>Nothing published yet.</summary>
    public static OverviewSnapshot Empty { get; } = new();

    /// <summary>Active calls, e.g. "1,204".</summary>
    public string ActiveCalls { get; private set; } = None;

    /// <summary>Contacts waiting in the dial queues.</summary>
    public string QueueDepth { get; private set; } = None;

    /// <summary>Attempts per second over the last 60 s, two decimals.</summary>
    public string DialingRate { get; private set; } = None;

    /// <summary>Call attempts so far.</summary>
    public string TotalAttempts { get; private set; } = None;

    /// <summary>The <c>metrics</c> snapshot's <c>ts</c> (ISO 8601 UTC), or null.</summary>
    public string? UpdatedAt { get; private set; }

    /// <summary>One row per campaign, in the snapshot's order.</summary>
    public IReadOnlyList<CampaignRow> Campaigns { get; private set; } = [];

    /// <summary>
    /// <c>{"metrics":envelope|null,"campaigns":envelope|null,"system":envelope|null}</c>, safe to embed in a
    /// <c>&lt;script type="application/json"&gt;</c> element (every <c>&lt;</c> is escaped).
    /// </summary>
    public string InitialStateJson { get; private set; } = """{"metrics":null,"campaigns":null,"system":null}""";

    /// <summary>Builds the first view from the given snapshots (each may be null).</summary>
    public static OverviewSnapshot From(HubMessage? metrics, HubMessage? campaigns, HubMessage? system)
    {
        var json = $$"""{"metrics":{{Raw(metrics)}},"campaigns":{{Raw(campaigns)}},"system":{{Raw(system)}}}""";
        var snapshot = new OverviewSnapshot { InitialStateJson = Display.ScriptSafe(json) };
        if (metrics is not null)
        {
            using var doc = JsonDocument.Parse(metrics.Json);
            var data = doc.RootElement.GetProperty("data");
            snapshot.ActiveCalls = Integer(data, "activeCalls");
            snapshot.QueueDepth = Integer(data, "queueDepth");
            snapshot.DialingRate = Decimal2(data, "dialingRate");
            snapshot.TotalAttempts = Integer(data, "totalAttempts");
            snapshot.UpdatedAt = HubEnvelope.FormatTimestamp(metrics.Timestamp);
        }

        if (campaigns is not null)
        {
            using var doc = JsonDocument.Parse(campaigns.Json);
            var rows = new List<CampaignRow>();
            if (doc.RootElement.GetProperty("data").TryGetProperty("campaigns", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var c in list.EnumerateArray())
                {
                    var id = Text(c, "campaignId");
                    var name = Text(c, "name");
                    rows.Add(new CampaignRow(
                        id,
                        name == None ? id : name,
                        Text(c, "status"),
                        Integer(c, "activeCalls"),
                        Integer(c, "queueDepth"),
                        Integer(c, "totalAttempts"),
                        Percent(c, "answerRate"),
                        Percent(c, "conversionRate")));
                }
            }

            snapshot.Campaigns = rows;
        }

        return snapshot;
    }

    private static string Raw(HubMessage? message) => message is null ? "null" : Encoding.UTF8.GetString(message.Json.Span);

    private static double? Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetDouble(out var v) ? v : null;

    private static string Integer(JsonElement e, string name) => Display.Integer(Number(e, name));

    private static string Decimal2(JsonElement e, string name) => Display.Rate(Number(e, name));

    private static string Percent(JsonElement e, string name) => Display.Percent(Number(e, name));

    private static string Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString()! : None;
}

/// <summary>One campaign table row, formatted.</summary>
/// <param name="Id">Campaign id.</param>
/// <param name="Name">Display name (the id when the producer sent none).</param>
/// <param name="Status"><c>active</c>, <c>paused</c>, <c>completed</c> or "—".</param>
/// <param name="ActiveCalls">Calls in progress.</param>
/// <param name="QueueDepth">Contacts still to dial.</param>
/// <param name="Attempts">Call attempts so far.</param>
/// <param name="AnswerRate">Answered / attempts, as "55.0 %", or "—".</param>
/// <param name="ConversionRate">Converted / answered, as "15.0 %", or "—".</param>
public sealed record CampaignRow(string Id, string Name, string Status, string ActiveCalls, string QueueDepth, string Attempts, string AnswerRate, string ConversionRate);
