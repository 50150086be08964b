namespace Dashboard.Observability;

/// <summary>The Prometheus metric types this server exposes (the word after <c># TYPE</c>).</summary>
internal enum MetricFamilyType
{
    /// <summary>Monotonic sum; samples are named <c>&lt;family&gt;_total</c>.</summary>
    Counter,

    /// <summary>A value that can go up and down (gauges, up-down counters, observable ones included).</summary>
    Gauge,

    /// <summary>Cumulative <c>_bucket{le}</c> samples, then <c>_sum</c> and <c>_count</c>.</summary>
    Histogram,
}

/// <summary>One sample line: the family name plus <paramref name="Suffix"/>, its labels and its value.</summary>
/// <param name="Suffix"><c>""</c> (gauge), <c>"_total"</c> (counter), <c>"_bucket"</c>, <c>"_sum"</c> or <c>"_count"</c> (histogram).</param>
/// <param name="Labels">Sanitised label names with raw (unescaped) values, in output order; <c>le</c> last for buckets.</param>
/// <param name="Value">The sample value; infinities and NaN are allowed.</param>
internal sealed record MetricSample(string Suffix, IReadOnlyList<KeyValuePair<string, string>> Labels, double Value);

/// <summary>
/// A format-neutral snapshot of one metric family, so the 0.0.4 text writer and a later OpenMetrics writer share one model.
/// <see cref="Name"/> is the OpenMetrics family name: sanitised, unit suffix included, and for counters WITHOUT
/// <c>_total</c> (text format 0.0.4 names counter families <c>&lt;name&gt;_total</c>, OpenMetrics names them <c>&lt;name&gt;</c>).
/// </summary>
/// <param name="Name">Family name matching <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>.</param>
/// <param name="Type">Prometheus type.</param>
/// <param name="Help">Raw (unescaped) description; may be empty.</param>
/// <param name="Unit">Prometheus unit word (<c>seconds</c>, <c>bytes</c>) already in <see cref="Name"/>, or null; for OpenMetrics' <c># UNIT</c>.</param>
/// <param name="Samples">The family's samples, written contiguously.</param>
internal sealed record MetricFamily(string Name, MetricFamilyType Type, string Help, string? Unit, IReadOnlyList<MetricSample> Samples);
