using Dashboard.Benchmarks.Shared;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Dashboard.Benchmarks.Scrape;

/// <summary>
/// Starts each build of the app on a fresh database, makes it busy (<see cref="ScrapeLoad"/>), waits until the tick has
/// published the seeded business series, then scrapes <c>/metrics</c> N times one after another and N times with
/// several scrapers at once, in the text format and with Prometheus 2.x's OpenMetrics <c>Accept</c>.
/// </summary>
internal static class ScrapeBenchmark
{
    private const string OpenMetricsAccept =
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private static readonly string[] BusinessPrefixes = ["dashboard_tenant_", "dashboard_agent", "dashboard_queue_", "dashboard_campaign_"];

    /// <summary>
    /// The <c>scrape</c> command's entry point (<see cref="BenchmarkProgram"/>): parses its options, runs, publishes the
    /// section. <c>--server name=path/Dashboard.dll,…</c> names the builds measured alternately in one run (default:
    /// this benchmark's own build, named <c>current</c>).
    /// </summary>
    public static async Task<int> MainAsync(CommandLine args)
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
        var results = await RunAsync(options, Console.Out, CancellationToken.None);
        BenchmarkReport.Publish(args, ScrapeReport.Section(results, options, started, args.ToString()));
        return 0;
    }

    public static async Task<List<ScrapeResult>> RunAsync(ScrapeOptions options, TextWriter log, CancellationToken ct)
    {
        var results = new List<ScrapeResult>();
        using var postgres = new BenchmarkPostgres();
        for (var round = 1; round <= options.Rounds; round++)
        {
            foreach (var (name, dll) in options.Servers)
            {
                var database = await postgres.CreateDatabaseAsync($"scrape_{new string([.. name.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit)])}_{round}_{Guid.NewGuid():N}"[..40]);
                await using var server = await BenchmarkServer.StartAsync(new() { ConnectionString = database, Dll = dll }, log, ct);
                await ScrapeLoad.SeedAsync(server, options, ct);
                var series = await WaitForBusinessSeriesAsync(server, options, log, ct);
                await using var load = new ScrapeLoad();
                await load.StartAsync(server, options);
                foreach (var (format, accept) in new[] { ("text 0.0.4", (string?)null), ("OpenMetrics", OpenMetricsAccept) })
                {
                    var result = await MeasureAsync(server, options, name, round, format, accept, series, ct);
                    log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{name} round {round} {format}: {result.Bytes} B, seq p50 {result.SequentialP50:F1} ms p99 {result.SequentialP99:F1} ms, x{options.Concurrency} p50 {result.ConcurrentP50:F1} ms p99 {result.ConcurrentP99:F1} ms"));
                    results.Add(result);
                }
            }
        }

        return results;
    }

    // The tick publishes the seeded tenants' snapshots within a few seconds; proceed with what is there after 60 s.
    private static async Task<int> WaitForBusinessSeriesAsync(BenchmarkServer server, ScrapeOptions options, TextWriter log, CancellationToken ct)
    {
        var expected = options.Tenants * ((options.Queues * 7) + (options.Campaigns * 3) + 6);
        var watch = Stopwatch.StartNew();
        var count = 0;
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            count = BusinessSeries(await server.ScrapeAsync(ct));
            if (count >= expected)
            {
                break;
            }

            await Task.Delay(500, ct);
        }

        log.WriteLine($"business series: {count} (at least {expected} expected) after {watch.Elapsed.TotalSeconds:F1} s");
        return count;
    }

    private static int BusinessSeries(string body) =>
        body.Split('\n').Count(l => BusinessPrefixes.Any(p => l.StartsWith(p, StringComparison.Ordinal)));

    private static async Task<ScrapeResult> MeasureAsync(
        BenchmarkServer server, ScrapeOptions options, string name, int round, string format, string? accept, int series, CancellationToken ct)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency * 2 })
        {
            BaseAddress = server.BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        if (accept is not null)
        {
            http.DefaultRequestHeaders.TryAddWithoutValidation("Accept", accept);
        }

        async Task<(double Ms, byte[] Body)> ScrapeAsync()
        {
            var watch = Stopwatch.StartNew();
            var body = await http.GetByteArrayAsync(new Uri("metrics", UriKind.Relative), ct);
            return (watch.Elapsed.TotalMilliseconds, body);
        }

        byte[] last = [];
        for (var i = 0; i < 5; i++)
        {
            last = (await ScrapeAsync()).Body;
        }

        var sequential = new List<double>(options.Scrapes);
        var cpu = server.TotalProcessorTime;
        for (var i = 0; i < options.Scrapes; i++)
        {
            var (ms, body) = await ScrapeAsync();
            sequential.Add(ms);
            last = body;
        }

        var sequentialCpu = (server.TotalProcessorTime - cpu).TotalMilliseconds / options.Scrapes;

        var concurrent = new List<double>(options.Scrapes);
        cpu = server.TotalProcessorTime;
        var perScraper = options.Scrapes / options.Concurrency;
        await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(async _ =>
        {
            for (var i = 0; i < perScraper; i++)
            {
                var (ms, _) = await ScrapeAsync();
                lock (concurrent)
                {
                    concurrent.Add(ms);
                }
            }
        }));
        var concurrentCpu = (server.TotalProcessorTime - cpu).TotalMilliseconds / (perScraper * options.Concurrency);

        var text = Encoding.UTF8.GetString(last);
        var samples = text.Split('\n').Count(l => l.Length > 0 && l[0] != '#');
        return new ScrapeResult(
            name, round, format, series, samples, last.Length,
            Percentile(sequential, 0.50), Percentile(sequential, 0.99), sequentialCpu,
            Percentile(concurrent, 0.50), Percentile(concurrent, 0.99), concurrentCpu);
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
