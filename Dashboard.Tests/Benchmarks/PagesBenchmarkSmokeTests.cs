using Dashboard.Benchmarks.Pages;

namespace Dashboard.Tests.Benchmarks;

/// <summary>
/// The pages benchmark still works end to end (real server, Chromium, ingestion, CDP counters, the report) in a few
/// seconds. A smoke test only: the figures are printed by the benchmark program, never asserted here.
/// </summary>
public sealed class PagesBenchmarkSmokeTests
{
    [Fact]
    public async Task A_quick_pages_benchmark_opens_each_page_drives_updates_and_reports()
    {
        var log = new StringWriter();
        var results = await PagesBenchmark.RunAsync(["/", "/system"], seconds: 2, rate: 10, log, CancellationToken.None);

        Assert.Equal(["/", "/system"], results.Select(r => r.Route));
        Assert.All(results, r => Assert.True(r.Updates > 0 && r.Busy > 0 && r.Seconds >= 2, $"{r}"));
        var section = PagesReport.Section(results, 2, 10, DateTime.UtcNow, "pages --seconds 2 --output -");
        Assert.Contains("| `/system` |", section, StringComparison.Ordinal);
    }
}
