using System.Globalization;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Dashboard.Observability;

/// <summary>
/// Copies one OpenTelemetry collection (cumulative temporality) into <see cref="MetricFamily"/> snapshots.
/// Sums become counters, gauges and non-monotonic sums (up-down counters) become gauges, explicit-bucket histograms
/// become cumulative <c>_bucket{le}</c> (ending with <c>le="+Inf"</c>, equal to <c>_count</c>), <c>_sum</c>, <c>_count</c>.
/// Instruments whose names collide after sanitising share one family (same type) so every family is written once
/// and contiguously; a colliding instrument of another type is skipped, and so is one whose family would write a sample
/// name another family writes (gauge <c>x_total</c> beside counter <c>x</c>, gauge <c>h_count</c> beside histogram
/// <c>h</c>: OpenMetrics forbids such clashes and 0.0.4 would repeat a TYPE line). The first instrument in the
/// collection's order (creation order) wins, and within a shared family the first series with a given label set.
/// A tag whose sanitised name repeats an earlier one (or is <c>le</c> on a histogram) is dropped from the point.
/// Exponential histograms are not exported.
/// </summary>
internal static class OpenTelemetryMetricMapper
{
    /// <summary>Maps <paramref name="batch"/>; must run inside the exporter's <c>Export</c>, while the points are valid.</summary>
    public static IReadOnlyList<MetricFamily> Map(in Batch<Metric> batch)
    {
        var order = new List<string>();
        var families = new Dictionary<string, (MetricFamilyType Type, string Help, string? Unit, List<MetricSample> Samples, HashSet<string> Series)>(StringComparer.Ordinal);
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var metric in batch)
        {
            if (TypeOf(metric.MetricType) is not { } type)
            {
                continue;
            }

            var name = PrometheusNaming.FamilyName(metric.Name, metric.Unit, type == MetricFamilyType.Counter, type == MetricFamilyType.Gauge);
            if (families.TryGetValue(name, out var family))
            {
                if (family.Type != type)
                {
                    continue;
                }
            }
            else
            {
                var names = SampleNames(name, type);
                if (names.Any(claimed.Contains))
                {
                    continue;
                }

                claimed.UnionWith(names);
                family = (type, metric.Description ?? "", PrometheusNaming.UnitWord(metric.Unit), [], new HashSet<string>(StringComparer.Ordinal));
                families.Add(name, family);
                order.Add(name);
            }

            AddSamples(metric, type, family.Samples, family.Series);
        }

        return order.ConvertAll(name =>
        {
            var f = families[name];
            return new MetricFamily(name, f.Type, f.Help, f.Unit, f.Samples);
        });
    }

    private static MetricFamilyType? TypeOf(MetricType type) => type switch
    {
        MetricType.LongSum or MetricType.DoubleSum => MetricFamilyType.Counter,
        MetricType.LongGauge or MetricType.DoubleGauge or MetricType.LongSumNonMonotonic or MetricType.DoubleSumNonMonotonic => MetricFamilyType.Gauge,
        MetricType.Histogram => MetricFamilyType.Histogram,
        _ => null,
    };

    private static void AddSamples(Metric metric, MetricFamilyType type, List<MetricSample> samples, HashSet<string> series)
    {
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            var labels = Labels(point, type);
            if (!series.Add(SeriesKey(labels)))
            {
                continue;
            }

            switch (metric.MetricType)
            {
                case MetricType.LongSum or MetricType.LongSumNonMonotonic:
                    samples.Add(new MetricSample(Suffix(type), labels, point.GetSumLong()));
                    break;
                case MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic:
                    samples.Add(new MetricSample(Suffix(type), labels, point.GetSumDouble()));
                    break;
                case MetricType.LongGauge:
                    samples.Add(new MetricSample("", labels, point.GetGaugeLastValueLong()));
                    break;
                case MetricType.DoubleGauge:
                    samples.Add(new MetricSample("", labels, point.GetGaugeLastValueDouble()));
                    break;
                case MetricType.Histogram:
                    AddHistogram(point, labels, samples);
                    break;
            }
        }
    }

    // The names a family's lines use, its own name included (OpenMetrics reserves _created even though none is written).
    private static string[] SampleNames(string name, MetricFamilyType type) => type switch
    {
        MetricFamilyType.Counter => [name, name + "_total", name + "_created"],
        MetricFamilyType.Histogram => [name, name + "_bucket", name + "_sum", name + "_count", name + "_created"],
        _ => [name],
    };

    private static string Suffix(MetricFamilyType type) => type == MetricFamilyType.Counter ? "_total" : "";

    private static void AddHistogram(in MetricPoint point, List<KeyValuePair<string, string>> labels, List<MetricSample> samples)
    {
        // OpenTelemetry reports per-bucket counts; Prometheus buckets are cumulative (count of values <= le).
        long cumulative = 0;
        foreach (var bucket in point.GetHistogramBuckets())
        {
            cumulative += bucket.BucketCount;
            var withLe = new List<KeyValuePair<string, string>>(labels.Count + 1);
            withLe.AddRange(labels);
            withLe.Add(new("le", ExpositionText.FormatValue(bucket.ExplicitBound)));
            samples.Add(new MetricSample("_bucket", withLe, cumulative));
        }

        samples.Add(new MetricSample("_sum", labels, point.GetHistogramSum()));
        samples.Add(new MetricSample("_count", labels, point.GetHistogramCount()));
    }

    private static List<KeyValuePair<string, string>> Labels(in MetricPoint point, MetricFamilyType type)
    {
        var labels = new List<KeyValuePair<string, string>>(point.Tags.Count);
        foreach (var tag in point.Tags)
        {
            var name = PrometheusNaming.SanitizeLabelName(tag.Key);
            if ((type == MetricFamilyType.Histogram && name == "le") || labels.Exists(l => l.Key == name))
            {
                continue;
            }

            labels.Add(new(name, LabelValue(tag.Value)));
        }

        return labels;
    }

    // Length-prefixed values, so no value can make two different label sets look equal.
    private static string SeriesKey(List<KeyValuePair<string, string>> labels) =>
        string.Concat(labels.Select(l => $"{l.Key}={l.Value.Length}:{l.Value},"));

    private static string LabelValue(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
