using Dashboard.Benchmarks.Shared;

namespace Dashboard.Benchmarks.Scrape;

/// <summary>
/// The <c>scrape</c> command: the cost of <c>GET /metrics</c> on a busy server, in both formats, for one or more builds
/// of the app measured alternately in one run (default: this benchmark's own build, named <c>current</c>).
/// </summary>
internal static class ScrapeCommand
{
    public const string Usage = "scrape [--server name=path/Dashboard.dll,…] [--tenants 40] [--queues 10] [--campaigns 15] [--clients 20] [--scrapes 100] [--concurrency 4] [--rounds 2] [--output BENCHMARKS.md|-]";

    public static async Task<int> RunAsync(CommandLine args)
    {
        var servers = args.Text("--server", "") is { Length: > 0 } list
            ? list.Split(',').Select(s => s.Split('=', 2)).Select(p => (p[0], Path.GetFullPath(p[1]))).ToList()
            : [("current", BenchmarkServer.LocateDll())];
        if (servers.FirstOrDefault(s => !File.Exists(s.Item2)) is { Item2: { } missing })
        {
            throw new UsageException($"not found: {missing}");
        }

        var options = new ScrapeOptions(servers);
        options = options with
        {
            Tenants = args.Int("--tenants", options.Tenants),
            Queues = args.Int("--queues", options.Queues),
            Campaigns = args.Int("--campaigns", options.Campaigns),
            Clients = args.Int("--clients", options.Clients),
            Scrapes = args.Int("--scrapes", options.Scrapes),
            Concurrency = args.Int("--concurrency", options.Concurrency),
            Rounds = args.Int("--rounds", options.Rounds),
        };
        var started = DateTime.UtcNow;
        var results = await ScrapeBenchmark.RunAsync(options, Console.Out, CancellationToken.None);
        BenchmarkReport.Publish(args, ScrapeReport.Section(results, options, started, args.ToString()));
        return 0;
    }
}
