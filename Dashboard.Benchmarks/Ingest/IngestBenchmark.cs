using Dashboard.Benchmarks.Shared;
using Npgsql;
using System.Diagnostics;

namespace Dashboard.Benchmarks.Ingest;

/// <summary>
/// Ingestion throughput (issue 6): producers POST batches of realistic call events (<see cref="CallEventBodies"/>) as
/// fast as the server acknowledges them, for a bounded time per batch size; throughput counts committed events only
/// (the 202 comes after the commit), and the stored row count is checked against the acknowledgements.
/// </summary>
internal static class IngestBenchmark
{
    /// <summary>The <c>ingest</c> command's entry point (<see cref="BenchmarkProgram"/>): parses its options, runs, publishes the section.</summary>
    public static async Task<int> MainAsync(CommandLine args)
    {
        var options = new IngestOptions(
            Batches: args.Ints<int>("--batch", "100,1000"),
            Producers: args.Int("--producers", 4), Seconds: args.Int("--seconds", 15), WarmUpSeconds: args.Int("--warmup", 3));
        var started = DateTime.UtcNow;
        var results = await RunAsync(options, Console.Out, CancellationToken.None, args.ServerSettings());
        BenchmarkReport.Publish(args, IngestReport.IngestSection(results, started, args.ToString()));
        return 0;
    }

    /// <param name="serverSettings">Extra configuration or environment for the server process.</param>
    public static async Task<IReadOnlyList<IngestResult>> RunAsync(
        IngestOptions options, TextWriter log, CancellationToken ct, IReadOnlyDictionary<string, string>? serverSettings = null)
    {
        using var postgres = new BenchmarkPostgres();
        var connectionString = await postgres.CreateDatabaseAsync("ingest");
        await using var server = await BenchmarkServer.StartAsync(new() { ConnectionString = connectionString, Settings = serverSettings }, log, ct);
        return await RunAsync(server, connectionString, postgres.PostmasterProcessId, options, log, ct);
    }

    /// <summary>
    /// Runs against a server already started on <paramref name="connectionString"/>; <paramref name="postmaster"/>, when
    /// known, has the database's CPU measured too.
    /// </summary>
    public static async Task<IReadOnlyList<IngestResult>> RunAsync(
        BenchmarkServer server, string connectionString, int? postmaster, IngestOptions options, TextWriter log, CancellationToken ct)
    {
        var results = new List<IngestResult>();
        long acknowledged = 0;
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        foreach (var batch in options.Batches)
        {
            var run = await RunBatchAsync(server, postmaster, batch, options, log, ct);
            acknowledged += run.Acknowledged;
            await using var count = dataSource.CreateCommand("SELECT count(*) FROM events");
            var stored = (long)(await count.ExecuteScalarAsync(ct))!;
            var result = run with { Acknowledged = acknowledged, Stored = stored };
            log.WriteLine($"ingest: batch {batch}: {result.EventsPerSecond:N0} events/s, POST→202 {result.Ack}; {stored:N0} stored of {acknowledged:N0} acknowledged; {result.Cpu}; {result.Stages}");
            results.Add(result);
        }

        return results;
    }

    private static async Task<IngestResult> RunBatchAsync(BenchmarkServer server, int? postmaster, int batch, IngestOptions options, TextWriter log, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        var windowStart = start + (long)(options.WarmUpSeconds * Stopwatch.Frequency);
        var windowEnd = windowStart + (long)(options.Seconds * Stopwatch.Frequency);
        var producers = new IngestProducer[options.Producers];
        for (var p = 0; p < producers.Length; p++)
        {
            producers[p] = new IngestProducer(server, $"bench-ingest-{p}", $"b{batch}-p{p}-", batch);
        }

        log.WriteLine($"ingest: batch {batch}, {options.Producers} producers, {options.WarmUpSeconds} s warm-up + {options.Seconds} s");
        var producing = Task.WhenAll(producers.Select(p => p.RunAsync(windowStart, windowEnd, ct)));
        await Task.Delay(TimeSpan.FromSeconds(options.WarmUpSeconds), ct);
        var window = await MeasuredWindow.OpenAsync(server, postmaster, ct);
        await producing;
        var (cpu, stages) = await window.CloseAsync(ct);

        var ack = new LatencyHistogram();
        foreach (var p in producers)
        {
            ack.Add(p.Ack);
        }

        if (producers.Select(p => p.FirstError).FirstOrDefault(e => e is not null) is { } error)
        {
            log.WriteLine($"ingest: batch {batch}: {producers.Sum(p => p.Failed)} POSTs failed, the first: {error}");
        }

        var inWindow = producers.Sum(p => p.EventsInWindow);
        return new IngestResult(
            batch, options.Producers, options.Seconds, ack.Count, producers.Sum(p => p.Failed), inWindow / (double)options.Seconds,
            ack.Figures(), producers.Sum(p => p.Acknowledged), 0, cpu, stages);
    }
}
