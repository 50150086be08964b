using System.Text;

namespace Dashboard.Alerts.Metrics;

/// <summary>
/// The canonical text of a label set (docs/alerts.md, "Metrics"): <c>{a="x",b="y"}</c> with labels sorted by name
/// (ordinal) and values escaped as in the Prometheus text format (<c>\\</c>, <c>\"</c>, <c>\n</c>); <c>""</c> for none.
/// It is the identity of an alert instance (<c>alert_instances.label_key</c>).
/// </summary>
internal static class AlertLabels
{
    /// <summary>An empty label set.</summary>
    public static IReadOnlyDictionary<string, string> None { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The canonical key of <paramref name="labels"/>.</summary>
    public static string Key(IReadOnlyDictionary<string, string> labels)
    {
        if (labels.Count == 0)
        {
            return "";
        }

        var text = new StringBuilder("{");
        foreach (var (name, value) in labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            if (text.Length > 1)
            {
                text.Append(',');
            }

            text.Append(name).Append("=\"");
            foreach (var c in value)
            {
                _ = c switch
                {
                    '\\' => text.Append(@"\\"),
                    '"' => text.Append("\\\""),
                    '\n' => text.Append(@"\n"),
                    _ => text.Append(c),
                };
            }

            text.Append('"');
        }

        return text.Append('}').ToString();
    }

    /// <summary>True when every pair of <paramref name="selector"/> is in <paramref name="labels"/> with the same value (exact match).</summary>
    public static bool Matches(IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> selector)
    {
        foreach (var (name, value) in selector)
        {
            if (!labels.TryGetValue(name, out var actual) || !string.Equals(actual, value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A sorted copy of <paramref name="labels"/>.</summary>
    public static IReadOnlyDictionary<string, string> Sorted(IEnumerable<KeyValuePair<string, string>> labels)
    {
        var sorted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in labels)
        {
            sorted[name] = value;
        }

        return sorted;
    }
}
