using System.Text;

namespace Dashboard.Observability;

/// <summary>
/// Writes the Prometheus text exposition format 0.0.4
/// (https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format): per family one <c># HELP</c>
/// (when there is a description), one <c># TYPE</c>, then all its samples; lines end with <c>\n</c>.
/// HELP text escapes <c>\</c> and newline; label values escape <c>\</c>, <c>"</c> and newline; floats are invariant
/// with <c>+Inf</c>, <c>-Inf</c> and <c>NaN</c>. Families must have distinct names (the mapper guarantees it).
/// </summary>
internal static class PrometheusTextFormat
{
    /// <summary>The response content type of format 0.0.4.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>The whole exposition of <paramref name="families"/> as one string.</summary>
    public static string Format(IEnumerable<MetricFamily> families)
    {
        var builder = new StringBuilder(4096);
        foreach (var family in families)
        {
            Write(builder, family);
        }

        return builder.ToString();
    }

    /// <summary>Appends one family (header lines and samples) to <paramref name="builder"/>.</summary>
    public static void Write(StringBuilder builder, MetricFamily family)
    {
        // 0.0.4 names a counter family after its samples (foo_total); OpenMetrics uses the bare name.
        var headerName = family.Type == MetricFamilyType.Counter ? family.Name + "_total" : family.Name;
        if (family.Help.Length > 0)
        {
            builder.Append("# HELP ").Append(headerName).Append(' ');
            ExpositionText.AppendEscaped(builder, family.Help, escapeQuotes: false);
            builder.Append('\n');
        }

        builder.Append("# TYPE ").Append(headerName).Append(' ').Append(ExpositionText.TypeWord(family.Type)).Append('\n');
        foreach (var sample in family.Samples)
        {
            ExpositionText.AppendSample(builder, family.Name, sample);
        }
    }
}
