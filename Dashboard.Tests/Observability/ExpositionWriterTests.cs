using Dashboard.Observability;

namespace Dashboard.Tests.Observability;

/// <summary>Both writers against hand-written expected output (Prometheus text 0.0.4 and OpenMetrics 1.0).</summary>
public sealed class ExpositionWriterTests
{
    private static KeyValuePair<string, string> L(string name, string value) => new(name, value);

    private static readonly MetricFamily Odd = new("odd", MetricFamilyType.Gauge, "C:\\temp\nsecond \"line\"", null,
    [
        new MetricSample("", [L("path", "C:\\dir"), L("quote", "say \"hi\""), L("multi", "a\nb")], 1),
    ]);

    [Fact]
    public void OpenMetrics_escapes_backslash_quote_and_newline_in_help_and_label_values_and_ends_with_eof() =>
        Assert.Equal(
            "# HELP odd C:\\\\temp\\nsecond \\\"line\\\"\n" +
            "# TYPE odd gauge\n" +
            "odd{path=\"C:\\\\dir\",quote=\"say \\\"hi\\\"\",multi=\"a\\nb\"} 1\n" +
            "# EOF\n",
            OpenMetricsTextFormat.Format([Odd]));

    [Fact]
    public void Text_004_keeps_quotes_in_help_but_escapes_them_in_label_values() =>
        Assert.Equal(
            "# HELP odd C:\\\\temp\\nsecond \"line\"\n" +
            "# TYPE odd gauge\n" +
            "odd{path=\"C:\\\\dir\",quote=\"say \\\"hi\\\"\",multi=\"a\\nb\"} 1\n",
            PrometheusTextFormat.Format([Odd]));

    [Fact]
    public void OpenMetrics_spells_infinities_and_nan_and_writes_an_empty_label_set_without_braces()
    {
        var family = new MetricFamily("values", MetricFamilyType.Gauge, "Values.", null,
        [
            new MetricSample("", [L("v", "pos")], double.PositiveInfinity),
            new MetricSample("", [L("v", "neg")], double.NegativeInfinity),
            new MetricSample("", [L("v", "nan")], double.NaN),
            new MetricSample("", [L("v", "")], 0.25),
            new MetricSample("", [], 42),
        ]);

        Assert.Equal(
            "# HELP values Values.\n" +
            "# TYPE values gauge\n" +
            "values{v=\"pos\"} +Inf\n" +
            "values{v=\"neg\"} -Inf\n" +
            "values{v=\"nan\"} NaN\n" +
            "values{v=\"\"} 0.25\n" +
            "values 42\n" +
            "# EOF\n",
            OpenMetricsTextFormat.Format([family]));
    }

    [Fact]
    public void Counters_are_named_without_total_in_openmetrics_metadata_and_with_it_in_text_004_and_samples_keep_it()
    {
        var families = new[]
        {
            new MetricFamily("busy_seconds", MetricFamilyType.Counter, "Busy time.", "seconds", [new MetricSample("_total", [], 1.5)]),
            new MetricFamily("requests", MetricFamilyType.Counter, "Requests.", null, [new MetricSample("_total", [L("code", "200")], 2)]),
        };

        Assert.Equal(
            "# HELP busy_seconds Busy time.\n" +
            "# TYPE busy_seconds counter\n" +
            "# UNIT busy_seconds seconds\n" +
            "busy_seconds_total 1.5\n" +
            "# HELP requests Requests.\n" +
            "# TYPE requests counter\n" +
            "requests_total{code=\"200\"} 2\n" +
            "# EOF\n",
            OpenMetricsTextFormat.Format(families));
        Assert.Equal(
            "# HELP busy_seconds_total Busy time.\n" +
            "# TYPE busy_seconds_total counter\n" +
            "busy_seconds_total 1.5\n" +
            "# HELP requests_total Requests.\n" +
            "# TYPE requests_total counter\n" +
            "requests_total{code=\"200\"} 2\n",
            PrometheusTextFormat.Format(families));
    }

    [Fact]
    public void Histograms_write_cumulative_buckets_ending_with_inf_then_sum_and_count_and_a_unit_line_in_openmetrics()
    {
        var route = L("route", "/x");
        var family = new MetricFamily("latency_seconds", MetricFamilyType.Histogram, "Latency.", "seconds",
        [
            new MetricSample("_bucket", [route, L("le", "0.001")], 1),
            new MetricSample("_bucket", [route, L("le", "0.002")], 3),
            new MetricSample("_bucket", [route, L("le", "+Inf")], 5),
            new MetricSample("_sum", [route], 100.0045),
            new MetricSample("_count", [route], 5),
            new MetricSample("_bucket", [L("le", "0.001")], 0),
            new MetricSample("_bucket", [L("le", "0.002")], 0),
            new MetricSample("_bucket", [L("le", "+Inf")], 0),
            new MetricSample("_sum", [], 0),
            new MetricSample("_count", [], 0),
        ]);
        const string Samples =
            "latency_seconds_bucket{route=\"/x\",le=\"0.001\"} 1\n" +
            "latency_seconds_bucket{route=\"/x\",le=\"0.002\"} 3\n" +
            "latency_seconds_bucket{route=\"/x\",le=\"+Inf\"} 5\n" +
            "latency_seconds_sum{route=\"/x\"} 100.0045\n" +
            "latency_seconds_count{route=\"/x\"} 5\n" +
            "latency_seconds_bucket{le=\"0.001\"} 0\n" +
            "latency_seconds_bucket{le=\"0.002\"} 0\n" +
            "latency_seconds_bucket{le=\"+Inf\"} 0\n" +
            "latency_seconds_sum 0\n" +
            "latency_seconds_count 0\n";

        Assert.Equal(
            "# HELP latency_seconds Latency.\n# TYPE latency_seconds histogram\n# UNIT latency_seconds seconds\n" + Samples + "# EOF\n",
            OpenMetricsTextFormat.Format([family]));
        Assert.Equal(
            "# HELP latency_seconds Latency.\n# TYPE latency_seconds histogram\n" + Samples,
            PrometheusTextFormat.Format([family]));
    }

    [Fact]
    public void A_unit_the_name_does_not_end_with_gets_no_unit_line_and_an_empty_help_no_help_line() =>
        Assert.Equal(
            "# TYPE heap gauge\nheap 7\n# EOF\n",
            OpenMetricsTextFormat.Format([new MetricFamily("heap", MetricFamilyType.Gauge, "", "bytes", [new MetricSample("", [], 7)])]));

    [Fact]
    public void An_empty_collection_is_just_eof_in_openmetrics_and_empty_in_text_004()
    {
        Assert.Equal("# EOF\n", OpenMetricsTextFormat.Format([]));
        Assert.Equal("", PrometheusTextFormat.Format([]));
    }
}
