using System.Text;
using System.Text.Json;
using Dashboard.Ingestion;
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

    // The canonical series key of docs/metrics.md §8 (Kpis/KpiSeriesKey, written by the KPI fold: the same 10 lines, kept
    // here until the two branches meet): labels sorted by name (ordinal), values escaped as in the exposition format.
    private static string SeriesKey(JsonElement data)
    {
        var name = Text(data, "name") ?? "";
        if (!data.TryGetProperty("labels", out var labels) || labels.ValueKind != JsonValueKind.Object)
        {
            return name;
        }

        var pairs = labels.EnumerateObject()
            .Where(l => l.Value.ValueKind == JsonValueKind.String)
            .Select(l => (l.Name, Value: l.Value.GetString()!))
            .OrderBy(l => l.Name, StringComparer.Ordinal)
            .ToList();
        if (pairs.Count == 0)
        {
            return name;
        }

        var key = new StringBuilder(name).Append('{');
        for (var i = 0; i < pairs.Count; i++)
        {
            key.Append(i == 0 ? "" : ",").Append(pairs[i].Name).Append("=\"")
                .Append(pairs[i].Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal))
                .Append('"');
        }

        return key.Append('}').ToString();
    }
}

/// <summary>Summaries of <c>notification.created</c> (docs/activity.md, "Notifications"): its title, at its own severity.</summary>
internal static class NotificationSummaries
{
    /// <summary>The line of a notification: the title; severity as sent (info when not one of the four); subject the category.</summary>
    public static EventActivityLine Describe(CloudEvent e)
    {
        var data = e.Data;
        var severity = Text(data, "severity") is { } s && ActivitySeverity.All.Contains(s) ? s : ActivitySeverity.Info;
        return new(ActivityDomains.Notification, Text(data, "category"), Text(data, "title") ?? "Notification", severity);
    }
}
