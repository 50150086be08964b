using Dashboard.Benchmarks.Shared;
using System.Diagnostics;
using System.Globalization;

namespace Dashboard.Benchmarks.Backplane;

/// <summary>
/// The nodes of one backplane curve (child processes of <c>serve backplane-node</c> on one database) seen from the
/// driver: their benchmark endpoints (<see cref="BackplaneTrigger"/>) and a paced open-loop load over all of them.
/// </summary>
internal sealed class BackplaneNodes(IReadOnlyList<BenchmarkServer> servers) : IDisposable
{
    // Most publish requests outstanding per node, and most messages per request: a node that is slow to answer is
    // given more per request rather than more requests; the driver never waits for an answer before the next is due.
    private const int RequestsInFlight = 8;
    private const int MaxPerRequest = 5000;

    private readonly HttpClient[] _http = [.. servers.Select(s => new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = RequestsInFlight })
    {
        BaseAddress = s.BaseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    })];

    public IReadOnlyList<BenchmarkServer> Servers => servers;

    /// <summary>Every node's probe subscribes to the benchmark streams (before anything is published).</summary>
    public Task SubscribeAsync(int tenants, CancellationToken ct) =>
        Task.WhenAll(_http.Select(async h =>
            (await h.PostAsync($"/bench/backplane/subscribe?tenants={tenants}", null, ct)).EnsureSuccessStatusCode()));

    /// <summary>Every node's counters and window (<paramref name="reset"/>: a new window starts).</summary>
    public async Task<NodeStats[]> StatsAsync(bool reset, CancellationToken ct) =>
        await Task.WhenAll(_http.Select(async h => NodeStats.Parse(await h.GetStringAsync(reset ? "/bench/backplane/stats?reset=1" : "/bench/backplane/stats", ct))));

    /// <summary>Each node's process CPU so far.</summary>
    public TimeSpan[] Cpu() => [.. servers.Select(s => s.Sample().Cpu)];

    /// <summary>
    /// Waits until every publish has completed and every node applied every message published (on any node); the
    /// seconds it took, or null when <paramref name="bound"/> passed first.
    /// </summary>
    public async Task<double?> DrainAsync(TimeSpan bound, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var stats = await StatsAsync(reset: false, ct);
            var published = stats.Sum(s => s.Published);
            if (stats.All(s => s.Pending == 0 && s.AppliedTotal >= published))
            {
                return watch.Elapsed.TotalSeconds;
            }

            if (watch.Elapsed > bound)
            {
                return null;
            }

            await Task.Delay(100, ct);
        }
    }

    /// <summary>
    /// Publishes <paramref name="rate"/> messages per second in all, an equal share through each node, until the
    /// returned load is stopped: every 2 ms each node is asked for what has come due since (open loop).
    /// </summary>
    public PacedLoad Start(int rate) => new(_http, rate);

    public void Dispose()
    {
        foreach (var h in _http)
        {
            h.Dispose();
        }
    }

    /// <summary>The open-loop publisher of <see cref="Start"/>.</summary>
    internal sealed class PacedLoad
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private long _sent;
        private long _failedRequests;

        public PacedLoad(HttpClient[] nodes, int rate) => _loop = Task.Run(() => RunAsync(nodes, rate));

        /// <summary>Messages asked for so far.</summary>
        public long Sent => Interlocked.Read(ref _sent);

        /// <summary>Publish requests that failed (their messages are not in <see cref="Sent"/>' delivered count).</summary>
        public long FailedRequests => Interlocked.Read(ref _failedRequests);

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await _loop;
            _stop.Dispose();
        }

        private async Task RunAsync(HttpClient[] nodes, int rate)
        {
            var started = Stopwatch.GetTimestamp();
            var sent = new long[nodes.Length];
            var inFlight = new int[nodes.Length];
            var requests = new List<Task>();
            while (!_stop.IsCancellationRequested)
            {
                var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
                for (var n = 0; n < nodes.Length; n++)
                {
                    var i = n; // captured by the request's completion
                    var due = Math.Min(MaxPerRequest, (long)(rate * elapsed / nodes.Length) - sent[i]);
                    if (due >= 1 && Volatile.Read(ref inFlight[i]) < RequestsInFlight)
                    {
                        sent[i] += due;
                        Interlocked.Add(ref _sent, due);
                        Interlocked.Increment(ref inFlight[i]);
                        requests.Add(PostAsync(nodes[i], due, () => Interlocked.Decrement(ref inFlight[i])));
                    }
                }

                requests.RemoveAll(t => t.IsCompleted);
                try
                {
                    await Task.Delay(2, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            await Task.WhenAll(requests);
        }

        private async Task PostAsync(HttpClient node, long count, Action done)
        {
            try
            {
                using var response = await node.PostAsync(string.Create(CultureInfo.InvariantCulture, $"/bench/backplane/publish?count={count}"), null);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref _failedRequests);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                Interlocked.Increment(ref _failedRequests);
            }
            finally
            {
                done();
            }
        }
    }
}

/// <summary>A node's <c>/bench/backplane/stats</c> answer.</summary>
/// <param name="Published">Publishes of this node completed so far (committed, applied here).</param>
/// <param name="Failed">Publishes of this node refused or failed so far.</param>
/// <param name="Pending">Publishes of this node not yet completed.</param>
/// <param name="AppliedTotal">Benchmark messages this node's hub applied so far (from every node).</param>
/// <param name="Resyncs">Streams this node's probe was told to resync (seqs lost from the log).</param>
/// <param name="Window">Applied in the window, and publish → applied in it (ms).</param>
internal sealed record NodeStats(long Published, long Failed, long Pending, long AppliedTotal, long Resyncs, LatencyFigures Window)
{
    public static NodeStats Parse(string text)
    {
        var f = text.Split(' ');
        long L(int i) => long.Parse(f[i], CultureInfo.InvariantCulture);
        double D(int i) => double.Parse(f[i], CultureInfo.InvariantCulture);
        return new NodeStats(L(0), L(1), L(2), L(3), L(4), new LatencyFigures(L(5), D(6), D(7), D(8), D(9)));
    }
}
