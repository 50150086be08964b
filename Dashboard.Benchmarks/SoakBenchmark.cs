using System.Diagnostics;
using System.Globalization;
using Dashboard.Auth;
using Dashboard.Simulation;
using Npgsql;

namespace Dashboard.Benchmarks;

/// <summary>The <c>soak</c> scenario's settings.</summary>
/// <param name="Clients">WebSocket clients kept connected for the whole run.</param>
/// <param name="Duration">How long the load runs once every client is connected (the last sample is taken then).</param>
/// <param name="Interval">Time between samples; each sample's latency and message figures cover the interval before it.</param>
/// <param name="WarmUp">Samples before this are shown but not used by the flatness verdict (JIT, pools, caches, first GCs).</param>
/// <param name="RateFactor">The simulator's rate settings (<c>Simulation:CallsPerSecond</c>, <c>Simulation:QueueSpeedFactor</c>) times their defaults.</param>
internal sealed record SoakOptions(int Clients, TimeSpan Duration, TimeSpan Interval, TimeSpan WarmUp, double RateFactor)
{
    /// <summary>The topic sets of the dashboard pages (docs/pages.md): overview, queues, calls, wallboard; client i opens page i / tenants.</summary>
    public static readonly IReadOnlyList<string[]> DashboardPages =
        [["metrics", "campaigns", "calls"], ["queue", "agents"], ["calls", "call_stats"], ["queue", "campaigns"]];

    /// <summary>
    /// The issue's run: 2,000 clients, 30 min, a sample every 30 s, the simulator at 10×, and 5 min of warm-up: under this
    /// load the server's first gen2 collection comes after about 4.5 min, and until then the heap and RSS only climb.
    /// </summary>
    public static SoakOptions Full() => new(2000, TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5), 10);

    /// <summary>The topic set of each page the clients open, cycled.</summary>
    public IReadOnlyList<string[]> Pages { get; init; } = DashboardPages;

    /// <summary>Extra configuration or runtime variables for the server process (<c>--server-env</c>).</summary>
    public IReadOnlyDictionary<string, string>? ServerSettings { get; init; }
}

/// <summary>
/// One reading of the server process and the clients, <see cref="Elapsed"/> after the load started. Latency and message
/// figures cover the interval since the previous sample; <see cref="HeapAfterGc"/> is the sum of
/// <c>system_runtime_dotnet_gc_last_collection_heap_size</c> over its generations (the heap the last GC left), read from the
/// server's own <c>/metrics</c>; RSS, handles (open descriptors) and threads from <c>/proc/&lt;pid&gt;</c>.
/// </summary>
internal sealed record SoakSample(
    TimeSpan Elapsed, long RssBytes, long HeapAfterGc, long HeapInUse, int Handles, int Threads, int Connected,
    double MessagesPerSecond, double MebibytesPerSecond, LatencyFigures Latency, double ServerCores, long Gen2Collections,
    long DatabaseBytes, double LoadAverage);

/// <summary>The soak run's samples and what happened to the clients.</summary>
internal sealed record SoakResult(SoakOptions Options, IReadOnlyList<SoakSample> Samples, long Reconnects, IReadOnlyDictionary<string, int> CloseReasons, IReadOnlyDictionary<string, string> Simulation);

/// <summary>
/// The soak scenario (issue 13): the real server (a child process, <see cref="DashboardProcess"/>) on its own database
/// with the traffic simulator at <see cref="SoakOptions.RateFactor"/> × its default rate, N WebSocket dashboard pages
/// in this process (<see cref="SoakClients"/>) connected for the whole run, and a sample of the server process every
/// interval. Stops by itself after the duration; disposing the server and the cluster leaves no process behind.
/// </summary>
internal static class SoakBenchmark
{
    public static async Task<SoakResult> RunAsync(SoakOptions o, TextWriter log, CancellationToken ct)
    {
        var defaults = new SimulationOptions();
        var simulation = SimulationSettings(o.RateFactor);
        var settings = new Dictionary<string, string>(simulation);
        foreach (var (key, value) in o.ServerSettings ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        using var postgres = new BenchmarkPostgres();
        var database = await postgres.CreateDatabaseAsync("soak");
        await using var server = await DashboardProcess.StartAsync(database, log, ct, settings);
        var lifetime = o.Duration + TimeSpan.FromHours(1);
        var tokens = defaults.EffectiveTenants.Select(t => server.Token(t, Scopes.Read, lifetime: lifetime)).ToList();

        log.WriteLine($"soak: connecting {o.Clients:N0} clients ({tokens.Count} tenants, pages {string.Join(" | ", o.Pages.Select(p => string.Join(',', p)))})");
        await using var clients = await SoakClients.StartAsync(server.BaseAddress, o.Clients, tokens, o.Pages, ct);
        log.WriteLine($"soak: {clients.Connected:N0} connected; sampling every {o.Interval.TotalSeconds:F0} s for {o.Duration.TotalMinutes:F1} min");

        var samples = new List<SoakSample>();
        var watch = Stopwatch.StartNew();
        clients.TakeInterval();
        var previous = ProcessSample.Read(server.ProcessId);
        for (var k = 1; watch.Elapsed < o.Duration; k++)
        {
            var due = TimeSpan.FromTicks(Math.Min(o.Interval.Ticks * k, o.Duration.Ticks));
            if (due > watch.Elapsed)
            {
                await Task.Delay(due - watch.Elapsed, ct);
            }

            var sample = await SampleAsync(server, database, clients, previous, watch.Elapsed, ct);
            previous = sample.Process;
            samples.Add(sample.Sample);
            log.WriteLine(Describe(sample.Sample));
        }

        return new SoakResult(o, samples, clients.Reconnects, clients.CloseReasons, simulation);
    }

    /// <summary>
    /// The simulator on, with its rate settings at <paramref name="factor"/> × their defaults: outbound call attempts per
    /// second, and the inbound queues' speed (every arrival rate multiplied, every duration divided, so occupancy stays).
    /// </summary>
    public static Dictionary<string, string> SimulationSettings(double factor)
    {
        var defaults = new SimulationOptions();
        return new Dictionary<string, string>
        {
            ["Simulation:Enabled"] = "true",
            ["Simulation:CallsPerSecond"] = (defaults.CallsPerSecond * factor).ToString(CultureInfo.InvariantCulture),
            ["Simulation:QueueSpeedFactor"] = (defaults.QueueSpeedFactor * factor).ToString(CultureInfo.InvariantCulture),
        };
    }

    private static async Task<(SoakSample Sample, ProcessSample Process)> SampleAsync(
        DashboardProcess server, string database, SoakClients clients, ProcessSample previous, TimeSpan elapsed, CancellationToken ct)
    {
        var pid = server.ProcessId;
        var (latency, messages, bytes) = clients.TakeInterval();
        var process = ProcessSample.Read(pid);
        var seconds = Math.Max((process.At - previous.At).TotalSeconds, 1e-3);
        var metrics = await server.ScrapeAsync(ct);
        var sample = new SoakSample(
            elapsed,
            process.RssBytes,
            Sum(metrics, "system_runtime_dotnet_gc_last_collection_heap_size"),
            ConnectionsBenchmark.Gauge(metrics, "dotnet_total_memory_bytes", null),
            Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length,
            Threads(pid),
            clients.Connected,
            messages / seconds,
            bytes / seconds / 1048576.0,
            latency.Figures(),
            process.CpuMillisecondsPerSecondSince(previous) / 1000.0,
            ConnectionsBenchmark.Gauge(metrics, "system_runtime_dotnet_gc_collections", "gen2"),
            await DatabaseBytesAsync(database, ct),
            LoadAverage());
        return (sample, process);
    }

    /// <summary>One line per sample for the console log, while the run goes.</summary>
    public static string Describe(SoakSample s) => string.Create(CultureInfo.InvariantCulture,
        $"soak: {s.Elapsed:hh\\:mm\\:ss} RSS {Mib(s.RssBytes)} MiB, heap after GC {Mib(s.HeapAfterGc)} MiB (in use {Mib(s.HeapInUse)}), " +
        $"{s.Handles} handles, {s.Threads} threads, {s.Connected} clients, {s.MessagesPerSecond:N0} msg/s ({s.MebibytesPerSecond:F1} MiB/s), " +
        $"latency p50 {s.Latency.P50:F1} p99 {s.Latency.P99:F1} max {s.Latency.Max:F1} ms (n {s.Latency.Count:N0}), server {s.ServerCores:F2} cores, " +
        $"gen2 {s.Gen2Collections}, db {Mib(s.DatabaseBytes)} MiB, load {s.LoadAverage:F2}");

    internal static string Mib(long bytes) => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture);

    /// <summary>The sum of every sample of <paramref name="name"/> in Prometheus text (all label sets), or -1 when absent.</summary>
    internal static long Sum(string metrics, string name)
    {
        double total = 0;
        var found = false;
        foreach (var line in metrics.Split('\n'))
        {
            if (line.StartsWith(name, StringComparison.Ordinal) && line.Length > name.Length && line[name.Length] is ' ' or '{'
                && double.TryParse(line[(line.LastIndexOf(' ') + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                total += value;
                found = true;
            }
        }

        return found ? (long)total : -1;
    }

    private static int Threads(int pid) =>
        File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("Threads:", StringComparison.Ordinal)) is { } line
            ? int.Parse(line.AsSpan(8).Trim(), CultureInfo.InvariantCulture) : -1;

    // The whole machine's 1-minute load average: the other work sharing the cores shows here.
    private static double LoadAverage() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);

    private static async Task<long> DatabaseBytesAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT pg_database_size(current_database())", connection);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }
}
