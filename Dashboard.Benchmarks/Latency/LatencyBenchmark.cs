using Dashboard.Benchmarks.Shared;
using System.Diagnostics;

namespace Dashboard.Benchmarks.Latency;

/// <summary>
/// End-to-end latency (issue 6): a producer POSTs call events at a fixed rate to the real server (a child process on its
/// own database) while WebSocket and SSE clients in this process, subscribed to <c>calls</c> of the same tenant, time
/// each <c>call_event</c> from the start of the POST that carried it to its receipt. One clock (this process's
/// <see cref="Stopwatch"/>) on both ends; every (event, client) pair is one sample.
/// </summary>
internal static class LatencyBenchmark
{
    private const string Tenant = "bench-latency";
    private const int MaxInFlight = 512;
    private const int ConnectParallelism = 32;

    /// <summary>The <c>latency</c> command's entry point (<see cref="BenchmarkProgram"/>): parses its options, runs, publishes the section.</summary>
    /// <remarks>With <c>--server</c>, <c>--rates</c> or <c>--knee</c> it draws the curve instead (<see cref="LatencyCurve"/>).</remarks>
    public static async Task<int> MainAsync(CommandLine args)
    {
        if (LatencyCurve.Requested(args))
        {
            return await LatencyCurve.MainAsync(args);
        }

        var clients = args.Ints<int>("--clients", "100,1000");
        var options = new LatencyOptions(
            Rate: args.Int("--rate", 1000), Seconds: args.Int("--seconds", 20), WarmUpSeconds: args.Int("--warmup", 5), Batch: args.Int("--batch", 1));
        var started = DateTime.UtcNow;
        var results = await RunAsync(clients, options, Console.Out, CancellationToken.None, args.ServerSettings());
        BenchmarkReport.Publish(args, LatencyReport.LatencySection(results, started, args.ToString()));
        return 0;
    }

    /// <summary>
    /// One row per client count in <paramref name="clientCounts"/> (WebSocket clients, and as many SSE), in that order,
    /// against one server; smallest first, so a count the machine cannot carry does not disturb the others.
    /// </summary>
    /// <param name="serverSettings">Extra configuration or environment for the server process.</param>
    public static async Task<IReadOnlyList<LatencyResult>> RunAsync(
        IReadOnlyList<int> clientCounts, LatencyOptions options, TextWriter log, CancellationToken ct, IReadOnlyDictionary<string, string>? serverSettings = null)
    {
        using var postgres = new BenchmarkPostgres();
        var connectionString = await postgres.CreateDatabaseAsync("latency");
        await using var server = await BenchmarkServer.StartAsync(new() { ConnectionString = connectionString, Settings = serverSettings }, log, ct);
        var results = new List<LatencyResult>();
        foreach (var clients in clientCounts)
        {
            results.Add(await RunAsync(server, postgres.PostmasterProcessId, options with { Clients = clients }, log, ct));
        }

        return results;
    }

    /// <summary>
    /// Runs against a server already started (the <c>all</c> command may share one); <paramref name="postmaster"/>, when
    /// known, has the database's CPU measured too.
    /// </summary>
    public static async Task<LatencyResult> RunAsync(BenchmarkServer server, int? postmaster, LatencyOptions options, TextWriter log, CancellationToken ct)
    {
        var totalEvents = (long)options.Rate * (options.WarmUpSeconds + options.Seconds);
        totalEvents -= totalEvents % options.Batch;
        var sendTimes = new SendTimes(totalEvents, (long)options.Rate * options.WarmUpSeconds);

        using var sseHttp = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { Timeout = Timeout.InfiniteTimeSpan };
        // Event ids and call ids of their own: several runs against one server must not be duplicates of each other.
        var callPrefix = $"lat{Guid.NewGuid().ToString("N")[..6]}-";
        var clients = await ConnectAsync(server, options.Clients, sendTimes, callPrefix, sseHttp, log, ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var loops = clients.Select(c => Task.Run(() => c.RunAsync(stop.Token), CancellationToken.None)).ToList();

        var producer = new LatencyProducer(server, Tenant, callPrefix, sendTimes, options, MaxInFlight);
        log.WriteLine($"latency: {options.Clients} WebSocket + {options.Clients} SSE clients subscribed; sending {totalEvents:N0} events at {options.Rate}/s in POSTs of {options.Batch}");
        var warmUp = Stopwatch.StartNew();
        var producing = producer.RunAsync(ct);
        await Task.Delay(TimeSpan.FromSeconds(options.WarmUpSeconds), ct);
        var window = await MeasuredWindow.OpenAsync(server, postmaster, ct);
        await producing;
        var (cpuFigures, stages) = await window.CloseAsync(ct);
        log.WriteLine($"latency: producer done after {warmUp.Elapsed.TotalSeconds:F1} s, {producer.Accepted:N0} accepted, {producer.Failed} POSTs failed; {cpuFigures}");

        // Bounded wait for the last deliveries: every client that is still connected should get every accepted event.
        var drain = Stopwatch.StartNew();
        while (drain.Elapsed < TimeSpan.FromSeconds(options.DrainSeconds)
            && clients.Any(c => c.Ended is null && c.Received < producer.Accepted))
        {
            await Task.Delay(50, ct);
        }

        await stop.CancelAsync();
        await Task.WhenAll(loops);

        var ws = new LatencyHistogram();
        var sse = new LatencyHistogram();
        foreach (var c in clients)
        {
            (c is WebSocketLatencyClient ? ws : sse).Add(c.Histogram);
        }

        var all = new LatencyHistogram();
        all.Add(ws);
        all.Add(sse);
        var missing = clients.Sum(c => Math.Max(0, producer.Accepted - c.Received));
        var ended = clients.Where(c => c.Ended is not null).GroupBy(c => c.Ended!).Select(g => $"{g.Count()} × {g.Key}").ToList();
        var result = new LatencyResult(
            options, producer.Accepted, producer.Failed, producer.MeasuredRate, producer.MaxInFlightSeen,
            all.Figures(), ws.Figures(), sse.Figures(), producer.Ack.Figures(), missing, ended, cpuFigures, stages);
        log.WriteLine($"latency: all {result.All}");
        log.WriteLine($"latency: WebSocket {result.WebSocket}; SSE {result.Sse}; POST→202 {result.Ack}");
        log.WriteLine($"latency: server stage means: {stages}");
        log.WriteLine($"latency: {missing:N0} deliveries missing; clients ended early: {(ended.Count == 0 ? "none" : string.Join(", ", ended))}");
        return result;
    }

    private static async Task<List<LatencyClient>> ConnectAsync(
        BenchmarkServer server, int count, SendTimes sendTimes, string callPrefix, HttpClient sseHttp, TextWriter log, CancellationToken ct)
    {
        var wsUri = new UriBuilder(new Uri(server.BaseAddress, "/ws")) { Scheme = "ws" }.Uri;
        var sseUri = new Uri(server.BaseAddress, "/sse?topics=calls");
        var clients = new LatencyClient[count * 2];
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count * 2), new ParallelOptions { MaxDegreeOfParallelism = ConnectParallelism, CancellationToken = ct }, async (i, token) =>
        {
            var jwt = server.Token(Tenant, "dashboard:read", subject: $"viewer-{i}");
            if (i % 2 == 0)
            {
                var client = new WebSocketLatencyClient(sendTimes, callPrefix);
                await client.ConnectAsync(wsUri, jwt, "calls", token);
                clients[i] = client;
            }
            else
            {
                var client = new SseLatencyClient(sendTimes, callPrefix);
                await client.ConnectAsync(sseHttp, sseUri, jwt, token);
                clients[i] = client;
            }
        });
        log.WriteLine($"latency: {count * 2} clients connected in {watch.Elapsed.TotalSeconds:F1} s");
        return [.. clients];
    }
}
