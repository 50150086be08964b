using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dashboard.Tests.Faults;

/// <summary>One call the producer got a <c>202</c> for.</summary>
/// <param name="CallId">The call (its events have ids <c>{CallId}-s</c> and <c>{CallId}-e</c>).</param>
/// <param name="Fresh">The 202 said both events were newly stored (not duplicates of an attempt that had committed).</param>
/// <param name="Latency">How long the successful POST took.</param>
/// <param name="Attempts">POSTs sent for it, the successful one included.</param>
/// <param name="At">When the 202 arrived (test stopwatch).</param>
internal sealed record AckedCall(string CallId, bool Fresh, TimeSpan Latency, int Attempts, TimeSpan At);

/// <summary>
/// A producer as a well-behaved client would be: several workers post one call each (a batch of <c>call.started</c> +
/// <c>call.ended</c>, unique event ids) at a fixed pace and retry a call, with the same ids, on <c>503</c>, connection
/// errors and timeouts until it gets its <c>202</c>. Bounded: at most <c>maxCalls</c> calls; everything stops at
/// <see cref="StopAsync"/>'s deadline.
/// </summary>
internal sealed class FaultProducer : IAsyncDisposable
{
    private const string BatchType = "application/cloudevents-batch+json";
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private readonly Func<HttpClient> _client;
    private readonly string _campaign;
    private readonly int _maxCalls;
    private readonly TimeSpan _interval;
    private readonly int _workers;
    private readonly Stopwatch _clock;
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly ConcurrentQueue<AckedCall> _acked = new();
    private readonly ConcurrentQueue<string> _unexpected = new();
    private readonly List<Task> _running = [];
    private int _next;
    private int _unavailable;
    private int _unavailableWithoutRetryAfter;
    private int _connectionErrors;

    /// <param name="client">Makes the HTTP client each worker posts with (bearer token with <c>events:write</c> set).</param>
    /// <param name="campaign">The calls' campaign, also the prefix of their ids.</param>
    /// <param name="workers">Concurrent posters.</param>
    /// <param name="interval">Pause between one worker's calls.</param>
    /// <param name="maxCalls">Most calls in all.</param>
    /// <param name="clock">The test's clock, for <see cref="AckedCall.At"/>.</param>
    public FaultProducer(Func<HttpClient> client, string campaign, int workers, TimeSpan interval, int maxCalls, Stopwatch clock)
    {
        _client = client;
        _campaign = campaign;
        _workers = workers;
        _interval = interval;
        _maxCalls = maxCalls;
        _clock = clock;
    }

    /// <summary>Calls acknowledged so far.</summary>
    public IReadOnlyList<AckedCall> Acked => [.. _acked];

    /// <summary>Answers other than 202 / 503 (status and body): each is a defect.</summary>
    public IReadOnlyList<string> Unexpected => [.. _unexpected];

    /// <summary><c>503</c> answers received.</summary>
    public int Unavailable => Volatile.Read(ref _unavailable);

    /// <summary><c>503</c> answers without a <c>Retry-After</c> header or not problem+json.</summary>
    public int UnavailableMalformed => Volatile.Read(ref _unavailableWithoutRetryAfter);

    /// <summary>Attempts that got no HTTP answer (refused, reset, timed out).</summary>
    public int ConnectionErrors => Volatile.Read(ref _connectionErrors);

    /// <summary>Calls started (acknowledged or still being retried).</summary>
    public int Started => Math.Min(Volatile.Read(ref _next), _maxCalls);

    /// <summary>The call id of the <paramref name="n"/>th call (1-based).</summary>
    public string CallId(int n) => $"{_campaign}-{n}";

    /// <summary>Starts the workers.</summary>
    public void Start()
    {
        for (var w = 0; w < _workers; w++)
        {
            _running.Add(Task.Run(WorkAsync));
        }
    }

    /// <summary>
    /// Starts no new call, lets every started call retry until acknowledged, and returns when all are, or fails the test
    /// after <paramref name="deadline"/>.
    /// </summary>
    public async Task StopAsync(TimeSpan deadline)
    {
        await _stop.CancelAsync();
        try
        {
            await Task.WhenAll(_running).WaitAsync(deadline);
        }
        catch (TimeoutException)
        {
            await _abort.CancelAsync();
            throw new Xunit.Sdk.XunitException(
                $"the producer's retries did not all get a 202 within {deadline.TotalSeconds} s ({_acked.Count} of {Started} calls acknowledged)");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _abort.CancelAsync();
        try
        {
            await Task.WhenAll(_running).WaitAsync(TimeSpan.FromSeconds(15));
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            // Aborted: the test has already failed or finished.
        }

        _stop.Dispose();
        _abort.Dispose();
    }

    private async Task WorkAsync()
    {
        using var http = _client();
        using var pace = new PeriodicTimer(_interval);
        while (!_stop.IsCancellationRequested)
        {
            var n = Interlocked.Increment(ref _next);
            if (n > _maxCalls)
            {
                return;
            }

            await PostUntilAcknowledgedAsync(http, CallId(n));
            try
            {
                await pace.WaitForNextTickAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task PostUntilAcknowledgedAsync(HttpClient http, string callId)
    {
        var body = new JsonArray(
            Event($"{callId}-s", "call.started", new JsonObject { ["callId"] = callId, ["direction"] = "outbound", ["campaignId"] = _campaign, ["agentId"] = "a-1" }),
            Event($"{callId}-e", "call.ended", new JsonObject { ["callId"] = callId, ["outcome"] = "completed", ["durationSeconds"] = 1 })).ToJsonString();
        for (var attempt = 1; !_abort.IsCancellationRequested; attempt++)
        {
            var sent = _clock.Elapsed;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token);
            timeout.CancelAfter(RequestTimeout);
            try
            {
                using var response = await http.PostAsync(
                    new Uri("api/v1/events", UriKind.Relative), new StringContent(body, Encoding.UTF8, BatchType), timeout.Token);
                var text = await response.Content.ReadAsStringAsync(timeout.Token);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    var json = JsonDocument.Parse(text).RootElement;
                    _acked.Enqueue(new AckedCall(callId, json.GetProperty("accepted").GetInt32() == 2, _clock.Elapsed - sent, attempt, _clock.Elapsed));
                    return;
                }

                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    Interlocked.Increment(ref _unavailable);
                    if (response.Headers.RetryAfter?.Delta is null || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    {
                        Interlocked.Increment(ref _unavailableWithoutRetryAfter);
                    }
                }
                else
                {
                    _unexpected.Enqueue($"{callId}: {(int)response.StatusCode} {text}");
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !_abort.IsCancellationRequested))
            {
                Interlocked.Increment(ref _connectionErrors);
            }

            // A real client would honour Retry-After (5 s); the test retries sooner so a short outage is crossed quickly.
            try
            {
                await Task.Delay(RetryPause, _abort.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static JsonObject Event(string id, string type, JsonObject data) => new()
    {
        ["specversion"] = "1.0",
        ["id"] = id,
        ["source"] = "/fault/producer",
        ["type"] = type,
        ["data"] = data,
    };
}
