using System.Diagnostics;
using System.Net;
using Npgsql;

namespace Dashboard.Benchmarks;

/// <summary>The <c>ingest</c> scenario's knobs.</summary>
/// <param name="Batches">Events per POST, one measured row each.</param>
/// <param name="Producers">Concurrent producers, each a loop of POSTs on its own connection (and its own tenant).</param>
/// <param name="Seconds">Measured seconds per batch size, after <paramref name="WarmUpSeconds"/> not counted.</param>
internal sealed record IngestOptions(IReadOnlyList<int> Batches, int Producers = 4, int Seconds = 15, int WarmUpSeconds = 3);

/// <summary>One batch size's figures.</summary>
/// <param name="EventsPerSecond">Events acknowledged (202, after commit) by POSTs that completed inside the window, per second.</param>
/// <param name="Ack">POST → 202 of the window's POSTs.</param>
/// <param name="Stored">Rows in the <c>events</c> table after the run, against <paramref name="Acknowledged"/>, every 202 of the run.</param>
internal sealed record IngestResult(
    int Batch, int Producers, double Seconds, long Posts, long Failed, double EventsPerSecond, LatencyFigures Ack,
    long Acknowledged, long Stored, CpuFigures Cpu, StageMeans Stages);

/// <summary>
/// Ingestion throughput (issue 6): producers POST batches of realistic call events (<see cref="CallEventBodies"/>) as
/// fast as the server acknowledges them, for a bounded time per batch size; throughput counts committed events only
/// (the 202 comes after the commit), and the stored row count is checked against the acknowledgements.
/// </summary>
internal static class IngestBenchmark
{
    /// <param name="serverSettings">Extra configuration or environment for the server process.</param>
    public static async Task<IReadOnlyList<IngestResult>> RunAsync(
        IngestOptions options, TextWriter log, CancellationToken ct, IReadOnlyDictionary<string, string>? serverSettings = null)
    {
        using var postgres = new BenchmarkPostgres();
        var connectionString = await postgres.CreateDatabaseAsync("ingest");
        await using var server = await DashboardProcess.StartAsync(connectionString, log, ct, serverSettings);
        return await RunAsync(server, connectionString, postgres.PostmasterProcessId, options, log, ct);
    }

    /// <summary>
    /// Runs against a server already started on <paramref name="connectionString"/>; <paramref name="postmaster"/>, when
    /// known, has the database's CPU measured too.
    /// </summary>
    public static async Task<IReadOnlyList<IngestResult>> RunAsync(
        DashboardProcess server, string connectionString, int? postmaster, IngestOptions options, TextWriter log, CancellationToken ct)
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

    private static async Task<IngestResult> RunBatchAsync(DashboardProcess server, int? postmaster, int batch, IngestOptions options, TextWriter log, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        var windowStart = start + (long)(options.WarmUpSeconds * Stopwatch.Frequency);
        var windowEnd = windowStart + (long)(options.Seconds * Stopwatch.Frequency);
        var producers = new Producer[options.Producers];
        for (var p = 0; p < producers.Length; p++)
        {
            producers[p] = new Producer(server, $"bench-ingest-{p}", $"b{batch}-p{p}-", batch);
        }

        log.WriteLine($"ingest: batch {batch}, {options.Producers} producers, {options.WarmUpSeconds} s warm-up + {options.Seconds} s");
        var producing = Task.WhenAll(producers.Select(p => p.RunAsync(windowStart, windowEnd, ct)));
        await Task.Delay(TimeSpan.FromSeconds(options.WarmUpSeconds), ct);
        var metricsBefore = await ServerStages.ScrapeAsync(server.BaseAddress, ct);
        var meter = new CpuMeter(server, postmaster);
        await producing;
        var cpu = meter.Stop();
        var stages = ServerStages.Between(metricsBefore, await ServerStages.ScrapeAsync(server.BaseAddress, ct));

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

    /// <summary>One producer: a loop of POSTs, the next sent when the previous is answered, until the window closes.</summary>
    private sealed class Producer(DashboardProcess server, string tenant, string prefix, int batch)
    {
        public LatencyHistogram Ack { get; } = new();

        public long EventsInWindow { get; private set; }

        public long Acknowledged { get; private set; }

        public long Failed { get; private set; }

        public string? FirstError { get; private set; }

        public async Task RunAsync(long windowStart, long windowEnd, CancellationToken ct)
        {
            using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan, MaxConnectionsPerServer = 1 })
            {
                BaseAddress = server.BaseAddress,
                Timeout = TimeSpan.FromSeconds(60),
            };
            http.DefaultRequestHeaders.Authorization = new("Bearer", server.Token(tenant, "events:write", subject: "producer"));
            var uri = new Uri("api/v1/events", UriKind.Relative);
            long next = 0;
            while (Stopwatch.GetTimestamp() < windowEnd)
            {
                var body = CallEventBodies.Build("/bench/ingest", prefix, next, batch, batch: true);
                next += batch;
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new(CallEventBodies.BatchContentType);
                var sent = Stopwatch.GetTimestamp();
                using var response = await http.PostAsync(uri, content, ct);
                var done = Stopwatch.GetTimestamp();
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    Failed++;
                    FirstError ??= $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}";
                    continue;
                }

                Acknowledged += batch;
                if (done > windowStart && done <= windowEnd)
                {
                    // Committed inside the window (a POST sent in the warm-up counts when its 202 comes inside).
                    EventsInWindow += batch;
                    if (sent >= windowStart)
                    {
                        Ack.RecordTicks(done - sent);
                    }
                }
            }
        }
    }
}
