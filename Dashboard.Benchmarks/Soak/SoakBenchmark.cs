using Dashboard.Auth;
using Dashboard.Benchmarks.Shared;
using Dashboard.Simulation;
using Npgsql;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Dashboard.Benchmarks.Soak;

/// <summary>
/// The soak scenario (issue 13): the real server (a child process, <see cref="BenchmarkServer"/>) on its own database
/// with the traffic simulator at <see cref="SoakOptions.RateFactor"/> × its default rate, N WebSocket dashboard pages
/// in this process (<see cref="SoakClients"/>) connected for the whole run, and a sample of the server process every
/// interval. Stops by itself after the duration; disposing the server and the cluster leaves no process behind.
/// </summary>
internal static class SoakBenchmark
{
    // Options that describe this run, not how to reproduce it: left out of the report's command line.
    private static readonly string[] NotInCommand = ["--machine", "--replay", "--started"];

    /// <summary>
    /// The <c>soak</c> command's entry point (<see cref="BenchmarkProgram"/>): parses its options, runs, publishes
    /// the section. With <c>--replay run.log [--started 2026-12-05T10:45]</c> (and the run's own options) it writes the
    /// report of an earlier run from its console log instead of running (<see cref="SoakReplay"/>). <c>--interval</c> is in
    /// seconds, <c>--minutes</c> and <c>--warmup</c> in minutes (fractions allowed). Ctrl+C stops the run early; the server
    /// and the cluster are removed either way.
    /// </summary>
    public static async Task<int> MainAsync(CommandLine args)
    {
        var full = SoakOptions.Full();
        var options = full with
        {
            Clients = args.Int("--clients", full.Clients),
            Duration = TimeSpan.FromMinutes(args.Double("--minutes", full.Duration.TotalMinutes)),
            Interval = TimeSpan.FromSeconds(args.Double("--interval", full.Interval.TotalSeconds)),
            WarmUp = TimeSpan.FromMinutes(args.Double("--warmup", full.WarmUp.TotalMinutes)),
            RateFactor = args.Double("--rate-factor", full.RateFactor),
            ServerSettings = args.ServerSettings(),
        };
        if (options.Clients < 1 || options.Duration <= TimeSpan.Zero || options.Interval <= TimeSpan.Zero || options.RateFactor <= 0)
        {
            throw new UsageException("--clients, --minutes, --interval and --rate-factor must be positive");
        }

        var machine = args.Text("--machine", "");
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        // SIGTERM (timeout, kill) also ends the run through its cleanup, so the server child is not orphaned.
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            cancel.Cancel();
        });

        var started = DateTime.UtcNow;
        var replay = args.Text("--replay", "");
        SoakResult result;
        if (replay.Length > 0)
        {
            // The report of an earlier run, from its log: the run's own start time and command line are given again.
            started = DateTime.Parse(args.Text("--started", started.ToString("O")), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            result = SoakReplay.Read(replay, options, SimulationSettings(options.RateFactor));
        }
        else
        {
            result = await RunAsync(options, Console.Out, cancel.Token);
        }

        var command = args.Where((arg, i) => i == 0 || (!NotInCommand.Contains(arg) && !NotInCommand.Contains(args[i - 1])));
        BenchmarkReport.Publish(args, SoakReport.Section(result, started, command.ToString(), machine.Length > 0 ? machine : null));
        return 0;
    }

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
        await using var server = await BenchmarkServer.StartAsync(new() { ConnectionString = database, Settings = settings }, log, ct);
        var lifetime = o.Duration + TimeSpan.FromHours(1);
        var tokens = defaults.EffectiveTenants.Select(t => server.Token(t, Scopes.Read, lifetime: lifetime)).ToList();

        log.WriteLine($"soak: connecting {o.Clients:N0} clients ({tokens.Count} tenants, pages {string.Join(" | ", o.Pages.Select(p => string.Join(',', p)))})");
        await using var clients = await SoakClients.StartAsync(server.BaseAddress, o.Clients, tokens, o.Pages, ct);
        log.WriteLine($"soak: {clients.Connected:N0} connected; sampling every {o.Interval.TotalSeconds:F0} s for {o.Duration.TotalMinutes:F1} min");

        var samples = new List<SoakSample>();
        var watch = Stopwatch.StartNew();
        clients.TakeInterval();
        var previous = server.Sample();
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
        BenchmarkServer server, string database, SoakClients clients, ProcessSample previous, TimeSpan elapsed, CancellationToken ct)
    {
        var pid = server.ProcessId;
        var (latency, messages, bytes) = clients.TakeInterval();
        var process = ProcessSample.Read(pid);
        var seconds = Math.Max((process.At - previous.At).TotalSeconds, 1e-3);
        var metrics = await server.ScrapeAsync(ct);
        var sample = new SoakSample(
            elapsed,
            process.RssBytes,
            PrometheusText.Sum(metrics, "system_runtime_dotnet_gc_last_collection_heap_size"),
            PrometheusText.Gauge(metrics, "dotnet_total_memory_bytes", null),
            Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length,
            Threads(pid),
            clients.Connected,
            messages / seconds,
            bytes / seconds / 1048576.0,
            latency.Figures(),
            process.CpuMillisecondsPerSecondSince(previous) / 1000.0,
            PrometheusText.Gauge(metrics, "system_runtime_dotnet_gc_collections", "gen2"),
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
