using System.Globalization;
using System.Text;

namespace Dashboard.Observability;

/// <summary>
/// The text pieces both exposition writers share: sample lines, escaping and number spelling. The sample line
/// <c>name{label="value",…} value</c> is the same in Prometheus text format 0.0.4 and OpenMetrics 1.0 (no timestamps);
/// the formats differ only in their metadata lines and in whether HELP escapes <c>"</c>.
/// </summary>
internal static class ExpositionText
{
    /// <summary>
    /// A sample value or <c>le</c> bound: shortest round-trip invariant text (<c>1.5E-05</c>), or <c>+Inf</c>, <c>-Inf</c>,
    /// <c>NaN</c>, the spellings both formats require.
    /// </summary>
    public static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// Appends <paramref name="text"/> with <c>\</c> → <c>\\</c> and newline → <c>\n</c>, and with <c>"</c> → <c>\"</c>
    /// when <paramref name="escapeQuotes"/> (label values in both formats, HELP in OpenMetrics; 0.0.4 HELP keeps quotes).
    /// </summary>
    public static void AppendEscaped(StringBuilder builder, string text, bool escapeQuotes)
    {
        foreach (var c in text)
        {
            _ = c switch
            {
                '\\' => builder.Append(@"\\"),
                '\n' => builder.Append(@"\n"),
                '"' when escapeQuotes => builder.Append("\\\""),
                _ => builder.Append(c),
            };
        }
    }

    /// <summary>Appends <c>&lt;familyName&gt;&lt;suffix&gt;{labels} value\n</c>; no braces for an empty label set.</summary>
    public static void AppendSample(StringBuilder builder, string familyName, MetricSample sample)
    {
        builder.Append(familyName).Append(sample.Suffix);
        if (sample.Labels.Count > 0)
        {
            builder.Append('{');
            for (var i = 0; i < sample.Labels.Count; i++)
            {
                if (i > 0)
                {
                    builder.Append(',');
                }

                builder.Append(sample.Labels[i].Key).Append("=\"");
                AppendEscaped(builder, sample.Labels[i].Value, escapeQuotes: true);
                builder.Append('"');
            }

            builder.Append('}');
        }

        builder.Append(' ').Append(FormatValue(sample.Value)).Append('\n');
    }

    /// <summary>The word after <c># TYPE</c> (the same in both formats for the types this server exposes).</summary>
    public static string TypeWord(MetricFamilyType type) => type switch
    {
        MetricFamilyType.Counter => "counter",
        MetricFamilyType.Gauge => "gauge",
        MetricFamilyType.Histogram => "histogram",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "No exposition type word."),
    };
}
