using Dashboard.Kpis;
using System.Text.Json;

namespace Dashboard.Ingestion;

/// <summary>
/// The <c>metric.reported</c> events of a validated request as the series registry reads them (docs/events.md §5), and
/// the exception that refuses a request whose reports break the series cap or a series' kind.
/// </summary>
internal static class KpiReports
{
    /// <summary>The CloudEvents type of a KPI report.</summary>
    public const string Type = "metric.reported";

    /// <summary>One report per <c>metric.reported</c> of <paramref name="events"/> (already validated), with its index.</summary>
    public static IReadOnlyList<KpiSeriesReport> From(IReadOnlyList<CloudEvent> events)
    {
        List<KpiSeriesReport>? reports = null;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (e.Type != Type || e.Data.ValueKind != JsonValueKind.Object || !e.Data.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
            {
                continue;
            }

            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (e.Data.TryGetProperty("labels", out var given) && given.ValueKind == JsonValueKind.Object)
            {
                foreach (var label in given.EnumerateObject())
                {
                    labels[label.Name] = label.Value.GetString()!;
                }
            }

            var kind = e.Data.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString()! : KpiKinds.Gauge;
            (reports ??= []).Add(new KpiSeriesReport(i, name.GetString()!, labels, kind));
        }

        return reports ?? (IReadOnlyList<KpiSeriesReport>)[];
    }
}

/// <summary>
/// The request's KPI reports would add a series beyond <c>Kpis:MaxSeriesPerTenant</c> or report the wrong kind for a
/// series (docs/limits.md); nothing was stored. Answered <c>400</c> like invalid events, every refused event named.
/// </summary>
internal sealed class EventsRefusedException(IReadOnlyList<EventError> errors)
    : Exception($"{errors.Select(e => e.Index).Distinct().Count()} events refused by the KPI series rules")
{
    /// <summary>Every refused event, by index, with the rule.</summary>
    public IReadOnlyList<EventError> Errors { get; } = errors;
}
