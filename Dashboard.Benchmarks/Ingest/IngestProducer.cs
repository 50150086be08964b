using Dashboard.Benchmarks.Shared;
using System.Diagnostics;
using System.Net;

namespace Dashboard.Benchmarks.Ingest;

/// <summary>One producer: a loop of POSTs, the next sent when the previous is answered, until the window closes.</summary>
internal sealed class IngestProducer(BenchmarkServer server, string tenant, string prefix, int batch)
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
