using System.Text;

namespace Dashboard.Kpis;

/// <summary>
/// The canonical key of a custom KPI series (docs/events.md §5): the Prometheus text form of its name and labels,
/// <c>name</c> without labels, else <c>name{a="x",b="y"}</c> with the labels sorted by name (ordinal) and each value
/// escaped as in the exposition format (<c>\</c> → <c>\\</c>, <c>"</c> → <c>\"</c>, line feed → <c>\n</c>). The same labels
/// in another order give the same key, so they are the same series. Ingestion (the series cap) and the fold both key
/// <c>kpi_series</c> by it.
/// </summary>
internal static class KpiSeriesKey
{
    /// <summary>Most labels of a series (docs/limits.md): a fixed rule of the KPI catalogue, checked at ingest.</summary>
    public const int MaxLabels = 8;

    /// <summary>The key of <paramref name="name"/> with <paramref name="labels"/> (null or empty: none).</summary>
    /// <param name="name">A Prometheus metric name (ingestion checks it; it is not escaped).</param>
    /// <param name="labels">Label names (Prometheus label names, unique) to values.</param>
    public static string Of(string name, IEnumerable<KeyValuePair<string, string>>? labels)
    {
        var sorted = labels?.OrderBy(l => l.Key, StringComparer.Ordinal).ToList();
        if (sorted is null || sorted.Count == 0)
        {
            return name;
        }

        var key = new StringBuilder(name.Length + sorted.Sum(l => l.Key.Length + l.Value.Length + 4) + 2).Append(name).Append('{');
        for (var i = 0; i < sorted.Count; i++)
        {
            if (i > 0)
            {
                key.Append(',');
            }

            key.Append(sorted[i].Key).Append("=\"");
            foreach (var c in sorted[i].Value)
            {
                _ = c switch
                {
                    '\\' => key.Append(@"\\"),
                    '"' => key.Append("\\\""),
                    '\n' => key.Append(@"\n"),
                    _ => key.Append(c),
                };
            }

            key.Append('"');
        }

        return key.Append('}').ToString();
    }
}
