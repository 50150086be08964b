using System.Globalization;
using Dashboard.Auth;

namespace Dashboard.Benchmarks;

/// <summary>The <c>connections</c> scenario's settings.</summary>
/// <param name="Counts">Idle connections per measurement.</param>
/// <param name="Transports"><c>ws</c> and/or <c>sse</c>.</param>
/// <param name="HeartbeatSeconds">The server's <c>Realtime:HeartbeatSeconds</c> and <c>Realtime:SseHeartbeatSeconds</c>.</param>
/// <param name="Window">The quiet CPU measuring window (with and without the connections).</param>
/// <param name="MaxSettle">Longest wait for the RSS to stop changing.</param>
/// <param name="StableSamples">Consecutive 1 s RSS samples within 1 MiB (or 0.5 %) that count as settled.</param>
/// <param name="WarmUp">Connections opened and closed before the baseline, so JIT and pools are not charged to the load.</param>
internal sealed record ConnectionsOptions(IReadOnlyList<int> Counts, IReadOnlyList<string> Transports, int HeartbeatSeconds, TimeSpan Window, TimeSpan MaxSettle, int StableSamples, int WarmUp)
{
    public static ConnectionsOptions Full(IReadOnlyList<int> counts, IReadOnlyList<string> transports, int heartbeatSeconds) =>
        new(counts, transports, heartbeatSeconds, TimeSpan.FromSeconds(Math.Max(20, 4 * heartbeatSeconds)), TimeSpan.FromSeconds(60), 5, 200);

    /// <summary>Seconds, for the smoke test: 200 connections, 1 s heartbeat, 3 s windows.</summary>
    public static ConnectionsOptions Quick(int count = 200) =>
        new([count], ["ws", "sse"], 1, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(6), 3, 20);

    /// <summary>Extra configuration or runtime variables for every server process (<c>--server-env</c>).</summary>
    public IReadOnlyDictionary<string, string>? ServerSettings { get; init; }
}

/// <summary>A process's CPU milliseconds per second over a window, and the standard error of that mean.</summary>
internal readonly record struct CpuWindow(double Mean, double StandardError);

/// <summary>One (transport, count) measurement. <see cref="Skipped"/> names why it was not run.</summary>
internal sealed record ConnectionsResult(
    string Transport, int Requested, int Opened, long ServerConnections, int StillOpen,
    long RssBefore, long RssAfter, bool Settled, long HeapBefore, long HeapAfter,
    CpuWindow BaselineCpu, CpuWindow LoadedCpu, double WindowSeconds, double PingsPerConnection, long ClientRss, string? Skipped = null)
{
    public double KibPerConnection => Opened > 0 ? (RssAfter - RssBefore) / 1024.0 / Opened : double.NaN;

    public double HeapKibPerConnection => Opened > 0 && HeapBefore > 0 && HeapAfter > 0 ? (HeapAfter - HeapBefore) / 1024.0 / Opened : double.NaN;

    /// <summary>Heartbeat CPU: the server's CPU ms per second with the connections, less without them.</summary>
    public double HeartbeatCpu => LoadedCpu.Mean - BaselineCpu.Mean;

    /// <summary>About a 95 % interval of <see cref="HeartbeatCpu"/>: twice the combined standard errors of the two windows.</summary>
    public double HeartbeatCpuNoise => 2 * Math.Sqrt(Math.Pow(LoadedCpu.StandardError, 2) + Math.Pow(BaselineCpu.StandardError, 2));

    public double HeartbeatCpuPerThousand => Opened > 0 ? HeartbeatCpu / (Opened / 1000.0) : double.NaN;
}

/// <summary>
/// Idle connections (issue 6): for each transport and count, a fresh app process (the real binary, see
/// <see cref="DashboardProcess"/>) on a fresh database; a warm-up; its settled RSS and a quiet CPU window; then N
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
                    $"{result.PingsPerConnection:F1} pings/conn, {result.StillOpen:N0} still open; clients {Mib(result.ClientRss)} MiB");
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

        await using var server = await DashboardProcess.StartAsync(database, log, ct, settings);
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

        log.WriteLine($"connections: opening {count:N0} {transport} connections");
        await using var fleet = await ClientFleet.StartAsync(transport, count, server.BaseAddress, token, Topic, ct);
        var (rssAfter, settledAfter) = await SettleAsync(pid, twoBeats, o, ct);
        var heapAfter = ManagedHeap(await server.ScrapeAsync(ct));

        var before = await fleet.StatsAsync(ct);
        var loaded = await CpuAsync(pid, o.Window, ct);
        var after = await fleet.StatsAsync(ct);
        var serverConnections = Gauge(await server.ScrapeAsync(ct), "dashboard_connections", transport == "ws" ? "websocket" : "sse");

        return new ConnectionsResult(transport, count, fleet.Opened, serverConnections, after.Open, rssBefore, rssAfter, settledBefore && settledAfter,
            heapBefore, heapAfter, baseline, loaded, o.Window.TotalSeconds, after.Open > 0 ? (after.Pings - before.Pings) / (double)after.Open : 0, fleet.RssBytes);
    }

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

    private static long ManagedHeap(string metrics) => (long)Gauge(metrics, "dotnet_total_memory_bytes", null);

    /// <summary>A sample's value from Prometheus text (first line of <paramref name="name"/> with the label value), or -1.</summary>
    internal static long Gauge(string metrics, string name, string? labelValue)
    {
        foreach (var line in metrics.Split('\n'))
        {
            if (line.StartsWith(name, StringComparison.Ordinal) && line.Length > name.Length && line[name.Length] is ' ' or '{'
                && (labelValue is null || line.Contains($"\"{labelValue}\"", StringComparison.Ordinal))
                && double.TryParse(line[(line.LastIndexOf(' ') + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return (long)value;
            }
        }

        return -1;
    }

    /// <summary>The hard limit on open files (<c>ulimit -Hn</c>), which the app process inherits.</summary>
    internal static long OpenFilesHardLimit()
    {
        var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var fields = line?[14..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields is { Length: >= 2 } && long.TryParse(fields[1], CultureInfo.InvariantCulture, out var hard) ? hard : long.MaxValue;
    }

    private static string Mib(long bytes) => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture);
}
