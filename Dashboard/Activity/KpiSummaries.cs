using System.Text.Json;
using Dashboard.Ingestion;
using Dashboard.Kpis;
using static Dashboard.Activity.ActivityText;

namespace Dashboard.Activity;

/// <summary>
/// Summaries of <c>metric.reported</c> (docs/activity.md, "KPIs"): the series key and the value, <c>leads{region="eu"} = 12</c>
/// for a gauge, <c>social_mentions{network="x"} +3</c> for a counter (each report is a delta).
/// </summary>
internal static class KpiSummaries
{
    /// <summary>The line of a KPI report; always <c>info</c>. Its subject is the series key.</summary>
    public static EventActivityLine Describe(CloudEvent e)
    {
        var data = e.Data;
        var key = SeriesKey(data);
        var value = Number(data, "value") ?? 0;
        var summary = Text(data, "kind") == "counter"
            ? $"{key} {(value < 0 ? "" : "+")}{Number(value)}"
            : $"{key} = {Number(value)}";
        return new(ActivityDomains.Kpi, key, summary, ActivitySeverity.Info);
    }

    // The series identity the KPI fold and the cap use (docs/metrics.md §8); labels that are not strings were refused at ingest.
    private static string SeriesKey(JsonElement data) =>
        KpiSeriesKey.Of(
            Text(data, "name") ?? "",
            data.TryGetProperty("labels", out var labels) && labels.ValueKind == JsonValueKind.Object
                ? labels.EnumerateObject().Where(l => l.Value.ValueKind == JsonValueKind.String).Select(l => KeyValuePair.Create(l.Name, l.Value.GetString()!))
                : null);
}
