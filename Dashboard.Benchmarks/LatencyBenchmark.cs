using System.Diagnostics;
using System.Net;

namespace Dashboard.Benchmarks;

/// <summary>The <c>latency</c> scenario's knobs.</summary>
/// <param name="Clients">WebSocket clients, and as many SSE clients.</param>
/// <param name="Rate">Events per second the producer sends.</param>
/// <param name="Seconds">Measured seconds, after <paramref name="WarmUpSeconds"/> of the same load that is not timed.</param>
/// <param name="Batch">Events per POST: 1 is a real producer (one request per event); 10 sends one every 10 ms.</param>
internal sealed record LatencyOptions(int Clients = 1000, int Rate = 1000, int Seconds = 20, int WarmUpSeconds = 5, int Batch = 1)
{
    /// <summary>Seconds allowed after the last POST for the last deliveries to arrive.</summary>
    public int DrainSeconds { get; init; } = 10;
}

/// <summary>The <c>latency</c> scenario's figures.</summary>
internal sealed record LatencyResult(
    LatencyOptions Options,
    long EventsAccepted,
    long PostsFailed,
    double ProducerRate,
    int MaxInFlight,
    LatencyFigures All,
    LatencyFigures WebSocket,
    LatencyFigures Sse,
    LatencyFigures Ack,
    long MissingDeliveries,
    IReadOnlyList<string> ClientsEnded,
    CpuFigures Cpu,
    StageMeans Stages);

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
        await using var server = await DashboardProcess.StartAsync(connectionString, log, ct, serverSettings);
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
    public static async Task<LatencyResult> RunAsync(DashboardProcess server, int? postmaster, LatencyOptions options, TextWriter log, CancellationToken ct)
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
        var metricsBefore = await ServerStages.ScrapeAsync(server.BaseAddress, ct);
        var cpu = new CpuMeter(server, postmaster);
        await producing;
        var cpuFigures = cpu.Stop();
        var stages = ServerStages.Between(metricsBefore, await ServerStages.ScrapeAsync(server.BaseAddress, ct));
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
        DashboardProcess server, int count, SendTimes sendTimes, string callPrefix, HttpClient sseHttp, TextWriter log, CancellationToken ct)
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

/// <summary>
/// The paced producer: POST number r carries events r·batch … r·batch + batch − 1 and is due at r·batch / rate seconds
/// after the start; each is sent when due (checked every millisecond) without waiting for earlier ones to answer, at most
/// <c>maxInFlight</c> at a time, so a slow answer delays no later event.
/// </summary>
internal sealed class LatencyProducer(DashboardProcess server, string tenant, string prefix, SendTimes sendTimes, LatencyOptions options, int maxInFlight)
{
    private long _accepted;
    private long _failed;
    private int _inFlight;
    private long _measuredStart;
    private long _measuredEnd;

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Failed => Interlocked.Read(ref _failed);

    public int MaxInFlightSeen { get; private set; }

    /// <summary>Events per second actually sent during the measured part.</summary>
    public double MeasuredRate { get; private set; }

    /// <summary>POST → 202 of the measured part (only the producer task writes it).</summary>
    public LatencyHistogram Ack { get; } = new();

    public async Task RunAsync(CancellationToken ct)
    {
        var batch = options.Batch;
        var requests = sendTimes.Events / batch;
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan, MaxConnectionsPerServer = maxInFlight })
        {
            BaseAddress = server.BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        http.DefaultRequestHeaders.Authorization = new("Bearer", server.Token(tenant, "events:write", subject: "producer"));
        var posts = new List<Task>((int)requests);
        var started = Stopwatch.GetTimestamp();
        for (long r = 0; r < requests; r++)
        {
            var due = (double)(r * batch) / options.Rate;
            while (Stopwatch.GetElapsedTime(started).TotalSeconds < due || Volatile.Read(ref _inFlight) >= maxInFlight)
            {
                await Task.Delay(1, ct);
            }

            if (r * batch == sendTimes.FirstMeasured)
            {
                _measuredStart = Stopwatch.GetTimestamp();
            }

            MaxInFlightSeen = Math.Max(MaxInFlightSeen, Interlocked.Increment(ref _inFlight));
            posts.Add(PostAsync(http, r * batch, batch, ct));
        }

        _measuredEnd = Stopwatch.GetTimestamp();
        var measuredEvents = sendTimes.Events - sendTimes.FirstMeasured;
        MeasuredRate = _measuredStart == 0 ? 0 : measuredEvents / Stopwatch.GetElapsedTime(_measuredStart, _measuredEnd).TotalSeconds;
        await Task.WhenAll(posts);
    }

    private async Task PostAsync(HttpClient http, long first, int count, CancellationToken ct)
    {
        var body = CallEventBodies.Build("/bench/latency", prefix, first, count, batch: count > 1);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new(count > 1 ? CallEventBodies.BatchContentType : CallEventBodies.SingleContentType);
        var sent = Stopwatch.GetTimestamp();
        sendTimes.Sent(first, count, sent);
        try
        {
            using var response = await http.PostAsync(new Uri("api/v1/events", UriKind.Relative), content, ct);
            var elapsed = Stopwatch.GetTimestamp() - sent;
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                Interlocked.Increment(ref _failed);
                return;
            }

            Interlocked.Add(ref _accepted, count);
            if (first >= sendTimes.FirstMeasured)
            {
                lock (Ack)
                {
                    Ack.RecordTicks(elapsed);
                }
            }
        }
        catch (HttpRequestException)
        {
            Interlocked.Increment(ref _failed);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
