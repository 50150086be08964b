using Dashboard.Benchmarks.Shared;
using System.Diagnostics;
using System.Net;

namespace Dashboard.Benchmarks.Latency;

/// <summary>
/// The paced producer: POST number r carries events r·batch … r·batch + batch − 1 and is due at r·batch / rate seconds
/// after the start; each is sent when due (checked every millisecond) without waiting for earlier ones to answer, at most
/// <c>maxInFlight</c> at a time, so a slow answer delays no later event.
/// </summary>
internal sealed class LatencyProducer(BenchmarkServer server, string tenant, string prefix, SendTimes sendTimes, LatencyOptions options, int maxInFlight)
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
