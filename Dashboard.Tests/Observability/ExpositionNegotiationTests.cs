using Dashboard.Observability;

namespace Dashboard.Tests.Observability;

/// <summary><c>Accept</c> negotiation as Prometheus' client_golang does it (expfmt.NegotiateIncludingOpenMetrics).</summary>
public sealed class ExpositionNegotiationTests
{
    /// <summary>What Prometheus 2.x sends by default (scrape_protocols before 3.0).</summary>
    public const string Prometheus2Accept =
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private const string OpenMetrics = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private const string OpenMetrics001 = "application/openmetrics-text; version=0.0.1; charset=utf-8";
    private const string Text = "text/plain; version=0.0.4; charset=utf-8";

    [Theory]
    [InlineData(null, Text)]
    [InlineData("", Text)]
    [InlineData("text/plain", Text)]
    [InlineData("text/plain;version=0.0.4", Text)]
    [InlineData("*/*", Text)]
    [InlineData("application/json", Text)]
    [InlineData("not a media type;;;", Text)]
    [InlineData(Prometheus2Accept, OpenMetrics)]
    [InlineData("application/openmetrics-text; version=\"1.0.0\"", OpenMetrics)]
    [InlineData("APPLICATION/OpenMetrics-Text;version=1.0.0", OpenMetrics)]
    [InlineData("application/openmetrics-text;version=0.0.1,text/plain;version=0.0.4;q=0.5,*/*;q=0.1", OpenMetrics001)]
    [InlineData("application/openmetrics-text", OpenMetrics001)]
    public void The_accept_header_picks_the_format(string? accept, string contentType) =>
        Assert.Equal(contentType, ExpositionFormat.Negotiate(accept).ContentType);

    [Theory]
    [InlineData("text/plain;version=0.0.4;q=0.9,application/openmetrics-text;version=1.0.0;q=0.5", Text)]
    [InlineData("text/plain;version=0.0.4;q=0.2,application/openmetrics-text;version=1.0.0;q=0.8", OpenMetrics)]
    [InlineData("application/openmetrics-text;version=1.0.0;q=0,text/plain;q=0.1", Text)]
    [InlineData("application/openmetrics-text;version=1.0.0;q=0", Text)]
    [InlineData("application/openmetrics-text;version=0.0.1;q=0.5,application/openmetrics-text;version=1.0.0;q=0.6", OpenMetrics)]
    [InlineData("application/openmetrics-text;version=1.0.0;q=0.5,application/openmetrics-text;version=0.0.1;q=0.5", OpenMetrics)]
    public void Higher_q_values_win_ties_keep_header_order_and_q_zero_is_refused(string accept, string contentType) =>
        Assert.Equal(contentType, ExpositionFormat.Negotiate(accept).ContentType);

    [Theory]
    [InlineData("application/openmetrics-text;version=2.0.0,text/plain;q=0.5", Text)]
    [InlineData("text/plain;version=1.0.0,application/openmetrics-text;version=1.0.0;q=0.5", OpenMetrics)]
    public void Unknown_versions_are_skipped(string accept, string contentType) =>
        Assert.Equal(contentType, ExpositionFormat.Negotiate(accept).ContentType);

    [Fact]
    public void The_negotiated_writer_matches_its_content_type()
    {
        var family = new MetricFamily("up_things", MetricFamilyType.Counter, "Things.", null, [new MetricSample("_total", [], 1)]);
        Assert.Equal("# HELP up_things Things.\n# TYPE up_things counter\nup_things_total 1\n# EOF\n", ExpositionFormat.Negotiate(Prometheus2Accept).Format([family]));
        Assert.Equal("# HELP up_things_total Things.\n# TYPE up_things_total counter\nup_things_total 1\n", ExpositionFormat.Negotiate("text/plain").Format([family]));
    }
}
