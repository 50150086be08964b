using System.Globalization;

namespace Dashboard.Benchmarks;

/// <summary>Settings of the scrape benchmark.</summary>
/// <param name="Servers">Builds to measure, by name (e.g. <c>before</c>, <c>after</c>), each a <c>Dashboard.dll</c>.</param>
/// <param name="Tenants">Tenants seeded.</param>
/// <param name="Queues">Queues per tenant (each with a waiting caller and three agents listing it).</param>
/// <param name="Campaigns">Campaigns per tenant (each with an active call).</param>
/// <param name="Clients">WebSocket clients subscribed to <c>calls</c> and <c>queue</c> while scraping.</param>
/// <param name="EventsPerSecond">Call events posted per second while scraping.</param>
/// <param name="Scrapes">Scrapes per format and mode (sequential, concurrent).</param>
/// <param name="Concurrency">Scrapers running at once in the concurrent mode.</param>
/// <param name="Rounds">How many times each server is started and measured, alternating between servers.</param>
internal sealed record ScrapeOptions(
    IReadOnlyList<(string Name, string Dll)> Servers,
    int Tenants = 40,
    int Queues = 10,
    int Campaigns = 15,
    int Clients = 20,
    int EventsPerSecond = 50,
    int Scrapes = 100,
    int Concurrency = 4,
    int Rounds = 2);

/// <summary>
/// <c>dotnet run -c Release --project Dashboard.Benchmarks -- scrape [--server name=path/Dashboard.dll,…] [--tenants 40]
/// [--queues 10] [--campaigns 15] [--clients 20] [--scrapes 100] [--concurrency 4] [--rounds 2] [--output BENCHMARKS.md|-]</c>:
/// the cost of <c>GET /metrics</c> on a busy server, in both formats, for one or more builds of the app measured
/// alternately in one run (default: this benchmark's own build, named <c>current</c>).
/// </summary>
internal static class ScrapeCommand
{
    public const string Name = "scrape";

    public static async Task<int> RunAsync(string[] args)
    {
        var servers = BenchmarkProgram.Option(args, "--server", "") is { Length: > 0 } list
            ? list.Split(',').Select(s => s.Split('=', 2)).Select(p => (p[0], Path.GetFullPath(p[1]))).ToList()
            : [("current", DashboardProcess.LocateDll())];
        if (servers.FirstOrDefault(s => !File.Exists(s.Item2)) is { Item2: { } missing })
        {
            await Console.Error.WriteLineAsync($"not found: {missing}");
            return 2;
        }

        int Int(string name, int fallback) => int.Parse(BenchmarkProgram.Option(args, name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        var options = new ScrapeOptions(servers);
        options = options with
        {
            Tenants = Int("--tenants", options.Tenants),
            Queues = Int("--queues", options.Queues),
            Campaigns = Int("--campaigns", options.Campaigns),
            Clients = Int("--clients", options.Clients),
            Scrapes = Int("--scrapes", options.Scrapes),
            Concurrency = Int("--concurrency", options.Concurrency),
            Rounds = Int("--rounds", options.Rounds),
        };
        var output = BenchmarkProgram.Option(args, "--output", "BENCHMARKS.md");

        var started = DateTime.UtcNow;
        var results = await ScrapeBenchmark.RunAsync(options, Console.Out, CancellationToken.None);
        var section = ScrapeBenchmark.Section(results, options, started, string.Join(' ', args));
        Console.WriteLine(section);
        if (output != "-")
        {
            BenchmarkReport.WriteSection(output, Name, section);
            Console.WriteLine($"written to {output}");
        }

        return 0;
    }
}
