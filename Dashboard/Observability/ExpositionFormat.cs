using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Dashboard.Observability;

/// <summary>An exposition format: the exact response content type and the writer producing it.</summary>
/// <param name="ContentType">The <c>Content-Type</c> of the response, charset included.</param>
/// <param name="Format">Writes the whole exposition of a collection.</param>
internal sealed record ExpositionFormat(string ContentType, Func<IEnumerable<MetricFamily>, string> Format)
{
    /// <summary>Prometheus text format 0.0.4: the default.</summary>
    public static readonly ExpositionFormat Text004 = new(PrometheusTextFormat.ContentType, PrometheusTextFormat.Format);

    /// <summary>OpenMetrics 1.0.0.</summary>
    public static readonly ExpositionFormat OpenMetrics100 = new(OpenMetricsTextFormat.ContentType, OpenMetricsTextFormat.Format);

    /// <summary>OpenMetrics requested as 0.0.1 or without a version (same text, content type echoing 0.0.1).</summary>
    public static readonly ExpositionFormat OpenMetrics001 = new(OpenMetricsTextFormat.ContentTypeV001, OpenMetricsTextFormat.Format);

    /// <summary>
    /// Chooses a format from the request's <c>Accept</c> values the way Prometheus' client_golang does
    /// (<c>expfmt.NegotiateIncludingOpenMetrics</c>): media ranges by descending q-value (ties in header order, q=0
    /// never), the first that is <c>application/openmetrics-text</c> with version 1.0.0 (→ 1.0.0), 0.0.1 or none
    /// (→ 0.0.1), or <c>text/plain</c> with version 0.0.4 or none (→ 0.0.4) wins; anything else, wildcards included,
    /// and a missing or unparsable header give text 0.0.4. Prometheus 2.x sends
    /// <c>application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1</c>
    /// and so gets OpenMetrics 1.0.0.
    /// </summary>
    public static ExpositionFormat Negotiate(StringValues accept)
    {
        if (StringValues.IsNullOrEmpty(accept) || !MediaTypeHeaderValue.TryParseList(accept, out var ranges))
        {
            return Text004;
        }

        // OrderByDescending is stable, so equal q-values keep the client's order.
        foreach (var range in ranges.OrderByDescending(r => r.Quality ?? 1.0))
        {
            if ((range.Quality ?? 1.0) <= 0)
            {
                continue;
            }

            var version = NameValueHeaderValue.Find(range.Parameters, "version") is { } v ? HeaderUtilities.RemoveQuotes(v.Value).Value : null;
            if (range.MediaType.Equals("application/openmetrics-text", StringComparison.OrdinalIgnoreCase))
            {
                switch (version)
                {
                    case "1.0.0":
                        return OpenMetrics100;
                    case null or "" or "0.0.1":
                        return OpenMetrics001;
                }
            }
            else if (range.MediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase) && version is null or "" or "0.0.4")
            {
                return Text004;
            }
        }

        return Text004;
    }
}
