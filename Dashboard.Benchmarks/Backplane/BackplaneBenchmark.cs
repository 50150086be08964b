using Dashboard.Benchmarks.Ingest;
using Dashboard.Benchmarks.Shared;
using System.Diagnostics;
using System.Globalization;

namespace Dashboard.Benchmarks.Backplane;

/// <summary>
/// The backplane's ceiling (issue 20): messages per second through <c>RealtimePublisher</c> → the
/// <c>realtime_messages</c> log and <c>pg_notify</c> → every node's <c>BackplaneListener</c> → its hub, with 1 and with
/// several Dashboard nodes (child processes on one database of one PostgreSQL cluster, loopback). Per node count, an
/// open-loop load at increasing offered rates, each point measuring what every node applied, publish → applied latency
/// per node and the CPU of the nodes, PostgreSQL and the driver, until a point falls behind
/// (<see cref="BackplanePoint.KeptUp"/>). Then the ingest ceiling, by the <c>ingest</c> scenario.
/// </summary>
internal static class BackplaneBenchmark
{
    /// <summary>The <c>backplane</c> command's entry point (<see cref="BenchmarkProgram"/>).</summary>
    public static async Task<int> MainAsync(CommandLine args)
    {
        var options = new BackplaneOptions(
            Nodes: args.Ints<int>("--nodes", "1,3"),
            Rates: args.Ints<int>("--rates", "2000,5000,10000,20000,40000,80000"),
            Seconds: args.Int("--seconds", 10),
            WarmUpSeconds: args.Int("--warmup", 3),
            Tenants: args.Int("--tenants", 20),
            IngestBatches: args.Text("--ingest-batch", "100,1000") is "0" ? [] : args.Ints<int>("--ingest-batch", "100,1000"),
            IngestProducers: args.Int("--ingest-producers", 4),
            IngestSeconds: args.Int("--ingest-seconds", 10))
        {
            ServerSettings = args.ServerSettings(),
        };
        var started = DateTime.UtcNow;
        var result = await RunAsync(options, Console.Out, CancellationToken.None);
        BenchmarkReport.Publish(args, BackplaneReport.Section(result, options, started, args.ToString()));
        return 0;
    }

    public static async Task<BackplaneResult> RunAsync(BackplaneOptions options, TextWriter log, CancellationToken ct)
    {
        var points = new List<BackplanePoint>();
        using (var postgres = new BenchmarkPostgres())
        {
            foreach (var nodeCount in options.Nodes)
            {
                var database = await postgres.CreateDatabaseAsync($"backplane_{nodeCount}_{points.Count}");
                var servers = new List<BenchmarkServer>();
                try
                {
                    // One after another: the first applies the migrations, the others find them done.
                    for (var i = 0; i < nodeCount; i++)
                    {
                        servers.Add(await BenchmarkServer.StartAsync(new() { Serve = "backplane-node", ConnectionString = database, Settings = options.ServerSettings }, log, ct));
                    }

                    using var nodes = new BackplaneNodes(servers);
                    await nodes.SubscribeAsync(options.Tenants, ct);
                    foreach (var rate in options.Rates)
                    {
                        var point = await RunPointAsync(nodes, postgres.PostmasterProcessId, rate, options, ct);
                        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"backplane: {nodeCount} node(s) at {rate:N0}/s: offered {point.Offered:N0}/s, published {point.Published:N0}/s, delivered to every node {point.DeliveredToEvery:N0}/s, p99 per node {string.Join(" / ", point.PerNode.Select(n => n.P99.ToString("F1", CultureInfo.InvariantCulture)))} ms, PostgreSQL {point.DatabaseCores:F2} cores, failed {point.Failed}, drained {(point.DrainSeconds is { } d ? $"in {d:F1} s" : "no")}{(point.KeptUp ? "" : ": fell behind")}"));
                        points.Add(point);
                        if (!point.KeptUp)
                        {
                            break;
                        }
                    }
                }
                finally
                {
                    foreach (var server in servers)
                    {
                        await server.DisposeAsync();
                    }
                }
            }
        }

        var ingest = options.IngestBatches is { Count: > 0 } batches
            ? await IngestBenchmark.RunAsync(new IngestOptions(batches, options.IngestProducers, options.IngestSeconds, options.WarmUpSeconds), log, ct, options.ServerSettings)
            : [];
        return new BackplaneResult(points, ingest);
    }

    private static async Task<BackplanePoint> RunPointAsync(BackplaneNodes nodes, int postmaster, int rate, BackplaneOptions options, CancellationToken ct)
    {
        var before = await nodes.StatsAsync(reset: false, ct);
        var load = nodes.Start(rate);
        await Task.Delay(TimeSpan.FromSeconds(options.WarmUpSeconds), ct);

        var opened = await nodes.StatsAsync(reset: true, ct);
        var (sent0, nodeCpu0, db0, self0, machine0) = (load.Sent, nodes.Cpu(), CpuMeter.TreeCpu(postmaster), Self(), CpuMeter.MachineBusy());
        var window = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(options.Seconds), ct);
        var closed = await nodes.StatsAsync(reset: false, ct);
        var seconds = window.Elapsed.TotalSeconds;
        var (sent1, nodeCpu1, db1, self1, machine1) = (load.Sent, nodes.Cpu(), CpuMeter.TreeCpu(postmaster), Self(), CpuMeter.MachineBusy());

        await load.StopAsync();
        var drain = await nodes.DrainAsync(TimeSpan.FromSeconds(options.DrainSeconds), ct);
        var after = await nodes.StatsAsync(reset: false, ct);

        var perNode = closed.Select((s, i) => new NodeWindow(
            s.Window.Count, s.Window.P50, s.Window.P99, s.Window.P999, s.Window.Max, (nodeCpu1[i] - nodeCpu0[i]).TotalSeconds / seconds)).ToList();
        var published = closed.Sum(s => s.Published) - opened.Sum(s => s.Published);
        var failed = after.Sum(s => s.Failed) - before.Sum(s => s.Failed) + load.FailedRequests;
        return new BackplanePoint(
            nodes.Servers.Count, rate, seconds, (sent1 - sent0) / seconds, published / seconds, failed, perNode,
            (db1 - db0).TotalSeconds / seconds, (self1 - self0).TotalSeconds / seconds, (machine1 - machine0).TotalSeconds / seconds,
            drain, after.Sum(s => s.Resyncs) - before.Sum(s => s.Resyncs));
    }

    private static TimeSpan Self()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }
}

/// <summary>Every point of every curve, in the order run, and the ingest ceiling's rows.</summary>
internal sealed record BackplaneResult(IReadOnlyList<BackplanePoint> Points, IReadOnlyList<IngestResult> Ingest);
