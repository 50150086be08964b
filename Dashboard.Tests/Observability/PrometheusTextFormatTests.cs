using Dashboard.Observability;

namespace Dashboard.Tests.Observability;

public sealed class PrometheusTextFormatTests
{
    private static KeyValuePair<string, string> L(string name, string value) => new(name, value);

    [Fact]
    public void Help_escapes_backslash_and_newline_and_label_values_escape_backslash_quote_and_newline()
    {
        var family = new MetricFamily("odd", MetricFamilyType.Gauge, "C:\\temp\nsecond \"line\"", null,
        [
            new MetricSample("", [L("path", "C:\\dir"), L("quote", "say \"hi\""), L("multi", "a\nb")], 1),
        ]);

        var text = PrometheusTextFormat.Format([family]);

        Assert.Equal(
            "# HELP odd C:\\\\temp\\nsecond \"line\"\n" +
            "# TYPE odd gauge\n" +
            "odd{path=\"C:\\\\dir\",quote=\"say \\\"hi\\\"\",multi=\"a\\nb\"} 1\n",
            text);
        var parsed = Assert.Single(PrometheusTextParser.Parse(text));
        Assert.Equal("C:\\temp\nsecond \"line\"", parsed.Help);
        Assert.Equal("say \"hi\"", parsed.Samples[0].Labels["quote"]);
        Assert.Equal("a\nb", parsed.Samples[0].Labels["multi"]);
    }

    [Fact]
    public void Special_floats_use_prometheus_spelling_and_empty_label_sets_have_no_braces()
    {
        var family = new MetricFamily("values", MetricFamilyType.Gauge, "Values.", null,
        [
            new MetricSample("", [L("v", "pos")], double.PositiveInfinity),
            new MetricSample("", [L("v", "neg")], double.NegativeInfinity),
            new MetricSample("", [L("v", "nan")], double.NaN),
            new MetricSample("", [L("v", "small")], 0.000015),
            new MetricSample("", [L("v", "frac")], -2.5),
            new MetricSample("", [], 42),
        ]);

        Assert.Equal(
            "# HELP values Values.\n" +
            "# TYPE values gauge\n" +
            "values{v=\"pos\"} +Inf\n" +
            "values{v=\"neg\"} -Inf\n" +
            "values{v=\"nan\"} NaN\n" +
            "values{v=\"small\"} 1.5E-05\n" +
            "values{v=\"frac\"} -2.5\n" +
            "values 42\n",
            PrometheusTextFormat.Format([family]));
    }

    [Fact]
    public void Counter_family_is_named_with_total_in_help_type_and_samples_and_help_is_omitted_when_empty()
    {
        var families = new[]
        {
            new MetricFamily("jobs", MetricFamilyType.Counter, "Jobs run.", null, [new MetricSample("_total", [L("job", "a")], 3)]),
            new MetricFamily("quiet", MetricFamilyType.Gauge, "", null, [new MetricSample("", [], 0)]),
        };

        Assert.Equal(
            "# HELP jobs_total Jobs run.\n" +
            "# TYPE jobs_total counter\n" +
            "jobs_total{job=\"a\"} 3\n" +
            "# TYPE quiet gauge\n" +
            "quiet 0\n",
            PrometheusTextFormat.Format(families));
    }

    [Theory]
    [InlineData("http.server.duration", "http_server_duration")]
    [InlineData("9lives", "_9lives")]
    [InlineData("ns:metric-name/x", "ns:metric_name_x")]
    [InlineData("", "_")]
    public void Metric_names_are_sanitised(string raw, string expected) =>
        Assert.Equal(expected, PrometheusNaming.SanitizeMetricName(raw));

    [Fact]
    public void Label_names_may_not_keep_colons() =>
        Assert.Equal("a_b_c", PrometheusNaming.SanitizeLabelName("a:b.c"));
}
