using Dashboard.Benchmarks.Shared;
using System.Globalization;

namespace Dashboard.Benchmarks.Scrape;

/// <summary>The <c>scrape</c> section of BENCHMARKS.md: one row per build, round and format.</summary>
internal static class ScrapeReport
{
    public static string Section(List<ScrapeResult> results, ScrapeOptions options, DateTime started, string arguments)
    {
        var s = BenchmarkReport.Begin("## Scrape cost: `GET /metrics` on a busy server (issue 14)", started, arguments);
        var c = CultureInfo.InvariantCulture;
        s.AppendLine(c, $"Each build starts on a fresh database with {options.Tenants} tenants × ({options.Queues} queues with a waiting caller and 3 agents, {options.Campaigns} campaigns with an active call), {options.Clients} WebSocket clients subscribed to `calls` and `queue`, and {options.EventsPerSecond} call events/s posted while scraping; builds are measured alternately, {options.Rounds} rounds. Per format: {options.Scrapes} scrapes one after another, then {options.Scrapes} by {options.Concurrency} scrapers at once. Latency is request sent → whole body read, on loopback; CPU is the server process's CPU time over the scrapes divided by their number (it includes the load's own work: events, tick, fan-out).");
        s.AppendLine();
        s.AppendLine(c, $"| build | round | format | business series | samples | bytes | sequential p50 / p99 (ms) | CPU ms/scrape | ×{options.Concurrency} p50 / p99 (ms) | CPU ms/scrape |");
        s.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            s.AppendLine(c, $"| {r.Server} | {r.Round} | {r.Format} | {r.BusinessSeries:N0} | {r.Samples:N0} | {r.Bytes:N0} | {r.SequentialP50:F1} / {r.SequentialP99:F1} | {r.SequentialCpuMs:F1} | {r.ConcurrentP50:F1} / {r.ConcurrentP99:F1} | {r.ConcurrentCpuMs:F1} |");
        }

        return s.ToString();
    }
}
