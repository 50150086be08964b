using System.Globalization;

namespace Dashboard.Benchmarks.Shared;

/// <summary>Readings from the app's <c>/metrics</c> (Prometheus text exposition), as the scenarios take them.</summary>
internal static class PrometheusText
{
    /// <summary>A sample's value (first line of <paramref name="name"/> with the label value), or -1.</summary>
    public static long Gauge(string metrics, string name, string? labelValue)
    {
        foreach (var (line, value) in Samples(metrics, name))
        {
            if (labelValue is null || line.Contains($"\"{labelValue}\"", StringComparison.Ordinal))
            {
                return (long)value;
            }
        }

        return -1;
    }

    /// <summary>The sum of every sample of <paramref name="name"/> (all label sets), or -1 when absent.</summary>
    public static long Sum(string metrics, string name)
    {
        var samples = Samples(metrics, name).ToList();
        return samples.Count > 0 ? (long)samples.Sum(s => s.Value) : -1;
    }

    /// <summary>
    /// Totals per sample name with the labels summed away, and each labelled series under its own name with labels
    /// (for a label that matters, e.g. <c>direction="published"</c>).
    /// </summary>
    public static Dictionary<string, double> Totals(string metrics)
    {
        var totals = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in metrics.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var nameEnd = line.IndexOfAny(['{', ' ']);
            var valueStart = line.LastIndexOf('}') is var brace and >= 0 ? brace + 2 : nameEnd + 1;
            var value = line[valueStart..].Split(' ')[0];
            if (nameEnd > 0 && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            {
                totals[line[..nameEnd]] = totals.GetValueOrDefault(line[..nameEnd]) + v;
                if (line[nameEnd] == '{')
                {
                    totals[line[..(valueStart - 1)]] = v;
                }
            }
        }

        return totals;
    }

    // The lines of one metric (its name followed by a space or its labels) whose last field is a number.
    private static IEnumerable<(string Line, double Value)> Samples(string metrics, string name)
    {
        foreach (var line in metrics.Split('\n'))
        {
            if (line.StartsWith(name, StringComparison.Ordinal) && line.Length > name.Length && line[name.Length] is ' ' or '{'
                && double.TryParse(line[(line.LastIndexOf(' ') + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                yield return (line, value);
            }
        }
    }
}
