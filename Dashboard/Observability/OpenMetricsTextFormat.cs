using System.Text;

namespace Dashboard.Observability;

/// <summary>
/// Writes OpenMetrics 1.0 text (https://github.com/OpenObservability/OpenMetrics/blob/main/specification/OpenMetrics.md):
/// per family <c># HELP</c> (when there is a description), <c># TYPE</c> and <c># UNIT</c> (when the family has a unit
/// its name ends with), then all its samples; the exposition ends with <c># EOF</c>. Differences from text 0.0.4: a
/// counter family is named WITHOUT <c>_total</c> in its metadata (its samples keep <c>_total</c>), and HELP escapes
/// <c>"</c> as well as <c>\</c> and newline. Sample lines, label escaping and <c>+Inf</c>/<c>-Inf</c>/<c>NaN</c> are the
/// same as in 0.0.4, and <c>le</c> values are written as the 0.0.4 writer writes them, so a histogram's series keep
/// their identity whichever format Prometheus negotiates. No <c>_created</c> samples: the spec makes them optional, and
/// Prometheus 2.x would store each as a series of its own.
/// </summary>
internal static class OpenMetricsTextFormat
{
    /// <summary>The response content type of OpenMetrics 1.0.0.</summary>
    public const string ContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    /// <summary>
    /// The content type answering a request for OpenMetrics 0.0.1 (or without a version), as Prometheus' client_golang
    /// answers it; the text is the same.
    /// </summary>
    public const string ContentTypeV001 = "application/openmetrics-text; version=0.0.1; charset=utf-8";

    /// <summary>The whole exposition of <paramref name="families"/>, ending with <c># EOF\n</c>.</summary>
    public static string Format(IEnumerable<MetricFamily> families)
    {
        var builder = new StringBuilder(4096);
        foreach (var family in families)
        {
            Write(builder, family);
        }

        return builder.Append("# EOF\n").ToString();
    }

    /// <summary>Appends one family (metadata lines and samples) to <paramref name="builder"/>.</summary>
    public static void Write(StringBuilder builder, MetricFamily family)
    {
        if (family.Help.Length > 0)
        {
            builder.Append("# HELP ").Append(family.Name).Append(' ');
            ExpositionText.AppendEscaped(builder, family.Help, escapeQuotes: true);
            builder.Append('\n');
        }

        builder.Append("# TYPE ").Append(family.Name).Append(' ').Append(ExpositionText.TypeWord(family.Type)).Append('\n');

        // The spec: "the unit MUST be a suffix of the MetricFamily name, separated by an underscore".
        if (family.Unit is { Length: > 0 } unit && family.Name.EndsWith("_" + unit, StringComparison.Ordinal))
        {
            builder.Append("# UNIT ").Append(family.Name).Append(' ').Append(unit).Append('\n');
        }

        foreach (var sample in family.Samples)
        {
            ExpositionText.AppendSample(builder, family.Name, sample);
        }
    }
}
