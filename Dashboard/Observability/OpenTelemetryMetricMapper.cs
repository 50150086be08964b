using System.Globalization;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Dashboard.Observability;

/// <summary>
/// Copies one OpenTelemetry collection (cumulative temporality) into <see cref="MetricFamily"/> snapshots.
/// Sums become counters, gauges and non-monotonic sums (up-down counters) become gauges, explicit-bucket histograms
/// become cumulative <c>_bucket{le}</c> (ending with <c>le="+Inf"</c>, equal to <c>_count</c>), <c>_sum</c>, <c>_count</c>.
/// Instruments whose names collide after sanitising share one family (same type) so every family is written once
/// and contiguously; a colliding instrument of another type is skipped. Exponential histograms are not exported.
/// </summary>
internal static class OpenTelemetryMetricMapper
{
    /// <summary>Maps <paramref name="batch"/>; must run inside the exporter's <c>Export</c>, while the points are valid.</summary>
    public static IReadOnlyList<MetricFamily> Map(in Batch<Metric> batch)
    {
        var order = new List<string>();
        var families = new Dictionary<string, (MetricFamilyType Type, string Help, string? Unit, List<MetricSample> Samples)>(StringComparer.Ordinal);
        foreach (var metric in batch)
        {
            if (TypeOf(metric.MetricType) is not { } type)
            {
                continue;
            }

            var name = PrometheusNaming.FamilyName(metric.Name, metric.Unit, type == MetricFamilyType.Counter);
            if (families.TryGetValue(name, out var family))
            {
                if (family.Type != type)
                {
                    continue;
                }
            }
            else
            {
                family = (type, metric.Description ?? "", PrometheusNaming.UnitWord(metric.Unit), []);
                families.Add(name, family);
                order.Add(name);
            }

            AddSamples(metric, type, family.Samples);
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

    private static void AddSamples(Metric metric, MetricFamilyType type, List<MetricSample> samples)
    {
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            var labels = Labels(point);
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
            withLe.Add(new("le", PrometheusTextFormat.FormatValue(bucket.ExplicitBound)));
            samples.Add(new MetricSample("_bucket", withLe, cumulative));
        }

        samples.Add(new MetricSample("_sum", labels, point.GetHistogramSum()));
        samples.Add(new MetricSample("_count", labels, point.GetHistogramCount()));
    }

    private static List<KeyValuePair<string, string>> Labels(in MetricPoint point)
    {
        var labels = new List<KeyValuePair<string, string>>(point.Tags.Count);
        foreach (var tag in point.Tags)
        {
            labels.Add(new(PrometheusNaming.SanitizeLabelName(tag.Key), LabelValue(tag.Value)));
        }

        return labels;
    }

    private static string LabelValue(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
