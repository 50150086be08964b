using System.Net;

namespace Dashboard.Tests.Observability;

/// <summary>Scrapes <c>/metrics</c> with the strict parser and reads labelled samples out of it.</summary>
internal static class MetricsScrape
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    public static async Task<List<ParsedFamily>> ScrapeAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return PrometheusTextParser.Parse(await response.Content.ReadAsStringAsync());
    }

    public static ParsedFamily Family(List<ParsedFamily> families, string name) => Assert.Single(families, f => f.Name == name);

    /// <summary>The sum of the samples named <paramref name="sampleName"/> having every given label (0 when none).</summary>
    public static double Value(List<ParsedFamily> families, string sampleName, params (string Name, string Value)[] labels) =>
        families.SelectMany(f => f.Samples)
            .Where(s => s.Name == sampleName && s.Has(labels))
            .Select(s => s.Value)
            .DefaultIfEmpty(0)
            .Sum();

    /// <summary>The one sample named <paramref name="sampleName"/> with exactly these labels, or null.</summary>
    public static double? Exact(List<ParsedFamily> families, string sampleName, params (string Name, string Value)[] labels) =>
        families.SelectMany(f => f.Samples)
            .Where(s => s.Name == sampleName && s.Labels.Count == labels.Length && s.Has(labels))
            .Select(s => (double?)s.Value)
            .SingleOrDefault();

    /// <summary>Scrapes until <paramref name="done"/> holds (recording happens after responses are sent and ticks run every second); fails after 20 s.</summary>
    public static async Task<List<ParsedFamily>> UntilAsync(HttpClient client, Func<List<ParsedFamily>, bool> done)
    {
        var started = DateTime.UtcNow;
        while (true)
        {
            var families = await ScrapeAsync(client);
            if (done(families))
            {
                return families;
            }

            if (DateTime.UtcNow - started > Deadline)
            {
                return families;
            }

            await Task.Delay(50);
        }
    }
}
