using Dashboard.Auth;
using Dashboard.Benchmarks.Shared;
using System.Globalization;

namespace Dashboard.Benchmarks.Connections;

/// <summary>
/// Idle connections (issue 6): for each transport and count, a fresh app process (the real binary, see
/// <see cref="BenchmarkServer"/>) on a fresh database; a warm-up; its settled RSS and a quiet CPU window; then N
/// authenticated connections subscribed to one quiet topic (<see cref="ClientFleet"/>), answering every heartbeat;
/// the settled RSS again and the same CPU window. Memory per connection = RSS delta / N; heartbeat CPU = the CPU
/// difference of the two windows. All read from <c>/proc/&lt;pid&gt;</c>, outside the server.
/// </summary>
internal static class ConnectionsBenchmark
{
    public const string Tenant = "bench-conns";

    /// <summary>A topic nobody publishes to here (no events, simulator off), so the only traffic is heartbeats.</summary>
    public const string Topic = "metrics";

    /// <summary>File descriptors the server keeps for itself (runtime, database pool, listener, epoll) below the limit.</summary>
    private const int ServerOwnDescriptors = 500;

    /// <summary>
    /// The <c>connections</c> command's entry point (<see cref="BenchmarkProgram"/>): parses its options, runs,
    /// publishes the section. <c>--quick</c>: 200 connections, 1 s heartbeat, seconds.
    /// </summary>
    public static async Task<int> MainAsync(CommandLine args)
    {
        var counts = args.Ints<int>("--counts", "5000,10000,19000");
        var transports = args.List("--transport", "ws,sse");
        if (transports.Any(t => t is not ("ws" or "sse")))
        {
            throw new UsageException("--transport: ws and/or sse");
        }

        var options = args.Has("--quick")
            ? ConnectionsOptions.Quick() with { Transports = transports }
            : ConnectionsOptions.Full(counts, transports, args.Int("--heartbeat", 5));
        if (args.Has("--window"))
        {
            options = options with { Window = TimeSpan.FromSeconds(args.Int("--window", 20)) };
        }

        options = options with { ServerSettings = args.ServerSettings(), GcDumpDirectory = args.Has("--gcdump") ? args.Text("--gcdump", "gcdumps") : null };
        var started = DateTime.UtcNow;
        var results = await RunAsync(options, Console.Out, CancellationToken.None);
        BenchmarkReport.Publish(args, ConnectionsReport.Section(results, options, started, args.ToString()));
        return 0;
    }

    public static async Task<IReadOnlyList<ConnectionsResult>> RunAsync(ConnectionsOptions options, TextWriter log, CancellationToken ct)
    {
        var limit = OpenFilesHardLimit();
        using var postgres = new BenchmarkPostgres();
        var results = new List<ConnectionsResult>();
        foreach (var transport in options.Transports)
        {
            foreach (var count in options.Counts)
            {
                if (count + ServerOwnDescriptors > limit)
                {
                    log.WriteLine($"connections: {transport} × {count:N0} skipped: one process may hold {limit:N0} file descriptors (ulimit -Hn)");
                    results.Add(new ConnectionsResult(transport, count, 0, 0, 0, 0, 0, false, 0, 0, default, default, 0, 0, 0, $"fd limit {limit:N0}"));
                    continue;
                }

                var result = await MeasureAsync(postgres, transport, count, options, log, ct);
                log.WriteLine($"connections: {transport} × {result.Opened:N0}: RSS {Mib(result.RssBefore)} → {Mib(result.RssAfter)} MiB, " +
                    $"{result.KibPerConnection:F2} KiB/conn (heap {result.HeapKibPerConnection:F2}), CPU {result.BaselineCpu.Mean:F1} → {result.LoadedCpu.Mean:F1} ± {result.HeartbeatCpuNoise:F1} ms/s, " +
                    $"{result.PingsPerConnection:F1} pings/conn, {result.StillOpen:N0} still open; clients {Mib(result.ClientRss)} MiB; " +
                    $"after they closed {Mib(result.RssAfterClose)} MiB ({result.AfterCloseRatio:P0} of before)");
                results.Add(result);
            }
        }

        return results;
    }

    private static async Task<ConnectionsResult> MeasureAsync(BenchmarkPostgres postgres, string transport, int count, ConnectionsOptions o, TextWriter log, CancellationToken ct)
    {
        var database = await postgres.CreateDatabaseAsync($"conns_{transport}_{count}");
        var heartbeat = o.HeartbeatSeconds.ToString(CultureInfo.InvariantCulture);
        var settings = new Dictionary<string, string>
        {
            ["Realtime:HeartbeatSeconds"] = heartbeat,
            ["Realtime:SseHeartbeatSeconds"] = heartbeat,
        };
        foreach (var (key, value) in o.ServerSettings ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        await using var server = await BenchmarkServer.StartAsync(new() { ConnectionString = database, Settings = settings }, log, ct);
        var pid = server.ProcessId;
        var token = server.Token(Tenant, Scopes.Read, lifetime: TimeSpan.FromHours(6));
        var twoBeats = TimeSpan.FromSeconds(2 * o.HeartbeatSeconds);

        // Warm-up: the handshake, auth and heartbeat paths are compiled and the pools grown before the baseline.
        await using (await ClientFleet.StartAsync(transport, Math.Min(o.WarmUp, count), server.BaseAddress, token, Topic, ct))
        {
            await Task.Delay(twoBeats, ct);
        }

        var (rssBefore, settledBefore) = await SettleAsync(pid, twoBeats, o, ct);
        var heapBefore = ManagedHeap(await server.ScrapeAsync(ct));
        var baseline = await CpuAsync(pid, o.Window, ct);
        var dumpBefore = o.GcDumpDirectory is { } dir ? await HeapAttribution.CollectAsync(pid, Path.Combine(dir, $"{transport}-{count}-before.gcdump"), ct) : null;

        log.WriteLine($"connections: opening {count:N0} {transport} connections");
        var fleet = await ClientFleet.StartAsync(transport, count, server.BaseAddress, token, Topic, ct);
        ConnectionsResult result;
        try
        {
            var (rssAfter, settledAfter) = await SettleAsync(pid, twoBeats, o, ct);
            var heapAfter = ManagedHeap(await server.ScrapeAsync(ct));

            var before = await fleet.StatsAsync(ct);
            var loaded = await CpuAsync(pid, o.Window, ct);
            var after = await fleet.StatsAsync(ct);
            var serverConnections = await ServerConnectionsAsync(server, transport, ct);
            if (dumpBefore is not null)
            {
                var dumpAfter = await HeapAttribution.CollectAsync(pid, Path.Combine(o.GcDumpDirectory!, $"{transport}-{count}-after.gcdump"), ct);
                var table = HeapAttribution.PerConnection(dumpBefore, dumpAfter, fleet.Opened);
                await File.WriteAllTextAsync(Path.Combine(o.GcDumpDirectory!, $"{transport}-{count}-per-connection.md"), table, ct);
                log.WriteLine($"connections: {transport} × {fleet.Opened:N0}: live heap per connection (dotnet-gcdump, after − before):");
                log.WriteLine(table);
            }

            result = new ConnectionsResult(transport, count, fleet.Opened, serverConnections, after.Open, rssBefore, rssAfter, settledBefore && settledAfter,
                heapBefore, heapAfter, baseline, loaded, o.Window.TotalSeconds, after.Open > 0 ? (after.Pings - before.Pings) / (double)after.Open : 0, fleet.RssBytes);
        }
        finally
        {
            await fleet.DisposeAsync();
        }

        // Come and go: the clients are gone; how much of the RSS does the server give back once it has noticed?
        var deadline = DateTime.UtcNow + o.MaxSettle;
        while (DateTime.UtcNow < deadline && await StillOpenAsync(server, transport, ct))
        {
            await Task.Delay(500, ct);
        }

        var (rssAfterClose, settledAfterClose) = await SettleAsync(pid, twoBeats, o, ct);
        return result with { RssAfterClose = rssAfterClose, Settled = result.Settled && settledAfterClose };
    }

    // While thousands of sockets close, a scrape may miss its 10 s timeout: that counts as "still closing", not a failure.
    private static async Task<bool> StillOpenAsync(BenchmarkServer server, string transport, CancellationToken ct)
    {
        try
        {
            return await ServerConnectionsAsync(server, transport, ct) > 0;
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !ct.IsCancellationRequested))
        {
            return true;
        }
    }

    private static async Task<long> ServerConnectionsAsync(BenchmarkServer server, string transport, CancellationToken ct) =>
        (long)PrometheusText.Gauge(await server.ScrapeAsync(ct), "dashboard_connections", transport == "ws" ? "websocket" : "sse");

    /// <summary>Waits at least <paramref name="min"/>, then until <see cref="ConnectionsOptions.StableSamples"/> 1 s samples of RSS agree (bounded).</summary>
    private static async Task<(long Rss, bool Stable)> SettleAsync(int pid, TimeSpan min, ConnectionsOptions o, CancellationToken ct)
    {
        await Task.Delay(min, ct);
        var deadline = DateTime.UtcNow + o.MaxSettle;
        var samples = new Queue<long>();
        while (true)
        {
            samples.Enqueue(ProcessSample.Read(pid).RssBytes);
            if (samples.Count > o.StableSamples)
            {
                samples.Dequeue();
            }

            var spread = samples.Max() - samples.Min();
            if (samples.Count == o.StableSamples && spread <= Math.Max(1L << 20, samples.Max() / 200))
            {
                return (samples.Last(), true);
            }

            if (DateTime.UtcNow >= deadline)
            {
                return (samples.Last(), false);
            }

            await Task.Delay(1000, ct);
        }
    }

    /// <summary>The server's CPU over <paramref name="window"/>, read once a second so the spread of the seconds gives its noise.</summary>
    private static async Task<CpuWindow> CpuAsync(int pid, TimeSpan window, CancellationToken ct)
    {
        var start = ProcessSample.Read(pid);
        var previous = start;
        var seconds = new List<double>();
        while (previous.At - start.At < window)
        {
            await Task.Delay(1000, ct);
            var sample = ProcessSample.Read(pid);
            seconds.Add(sample.CpuMillisecondsPerSecondSince(previous));
            previous = sample;
        }

        var mean = seconds.Average();
        var sd = Math.Sqrt(seconds.Sum(x => (x - mean) * (x - mean)) / Math.Max(1, seconds.Count - 1));
        return new CpuWindow(previous.CpuMillisecondsPerSecondSince(start), sd / Math.Sqrt(seconds.Count));
    }

    private static long ManagedHeap(string metrics) => (long)PrometheusText.Gauge(metrics, "dotnet_total_memory_bytes", null);

    /// <summary>The hard limit on open files (<c>ulimit -Hn</c>), which the app process inherits.</summary>
    internal static long OpenFilesHardLimit()
    {
        var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var fields = line?[14..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields is { Length: >= 2 } && long.TryParse(fields[1], CultureInfo.InvariantCulture, out var hard) ? hard : long.MaxValue;
    }

    private static string Mib(long bytes) => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture);
}
