using Dashboard.Auth;
using Dashboard.Benchmarks.Shared;
using System.Diagnostics;
using System.Globalization;

namespace Dashboard.Benchmarks.FanOut;

/// <summary>
/// Fan-out (issue 6): one topic, N WebSocket subscribers, ~300-byte messages published as fast as the server delivers
/// them, against the bare Kestrel broadcaster, a SignalR hub and the Dashboard, each in its own child process (so the
/// CPU and memory measured are the server's alone). The parent holds every subscriber and drives a closed loop: it
/// publishes (<c>POST /bench/publish?count=k</c>) only while the slowest subscriber is less than the window behind, so
/// the servers' own slow-consumer protection never takes part.
/// </summary>
internal static class FanOutBenchmark
{
    public static readonly string[] Servers = ["bare", "signalr", "dashboard"];

    // At most this many publish requests outstanding, so a request's round trip never leaves the pipe empty.
    private const int RequestsInFlight = 2;

    /// <summary>The <c>fanout</c> command's entry point (<see cref="BenchmarkProgram"/>): parses its options, runs, publishes the section.</summary>
    public static async Task<int> MainAsync(CommandLine args)
    {
        var options = new FanOutOptions(
            args.Ints<int>("--subscribers", "1000,10000"), args.Int("--seconds", 20), args.Int("--window", 200),
            args.List("--servers", string.Join(',', Servers)));
        var started = DateTime.UtcNow;
        var results = await RunAsync(options, Console.Out, CancellationToken.None);
        BenchmarkReport.Publish(args, FanOutReport.Section(results, options, started, args.ToString()));
        return 0;
    }

    public static async Task<IReadOnlyList<FanOutResult>> RunAsync(FanOutOptions options, TextWriter log, CancellationToken ct)
    {
        using var postgres = new BenchmarkPostgres();
        var results = new List<FanOutResult>();
        foreach (var subscribers in options.Subscribers)
        {
            foreach (var server in options.ServersToRun)
            {
                var database = server == "dashboard" ? await postgres.CreateDatabaseAsync($"fanout_{subscribers}_{results.Count}") : null;
                var result = await RunOneAsync(server, database, postgres.PostmasterProcessId, subscribers, options, log, ct);
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"fanout: {server} × {subscribers:N0}: {result.DeliveredPerSecond:N0} msgs/s, server CPU {result.ServerCpuPerSecond:F2} s/s, client CPU {result.ClientCpuPerSecond:F2} s/s, database CPU {result.DatabaseCpuPerSecond:F2} s/s, machine CPU {result.MachineCpuPerSecond:F2} s/s, {result.BytesPerMessage:F0} B/msg, min received {result.MinReceived:N0}, closed {result.Closed}, {result.AllocatedPerMessage:F0} B allocated and {result.WorkItemsPerMessage:F2} work items per msg, {result.Runtime.Gen0} gen0 / {result.Runtime.Gen2} gen2 GCs, {result.Runtime.LockContentions} lock contentions"));
                results.Add(result);
                // The previous run's sockets are garbage now: collect them here, not during the next run's measurement.
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        }

        return results;
    }

    private static async Task<FanOutResult> RunOneAsync(string server, string? database, int postmaster, int count, FanOutOptions options, TextWriter log, CancellationToken ct)
    {
        await using var process = await BenchmarkServer.StartAsync(new() { Serve = server, ConnectionString = database }, log, ct);
        using var http = new HttpClient { BaseAddress = process.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var protocol = server switch { "bare" or "bare-sendasync" => FanOutProtocol.Bare, "signalr" => FanOutProtocol.SignalR, _ => FanOutProtocol.Dashboard };
        var token = protocol == FanOutProtocol.Dashboard ? process.Token(DashboardTrigger.Tenant, Scopes.Read, "bench-user", TimeSpan.FromHours(2)) : null;
        log.WriteLine($"fanout: {server} server process {process.ProcessId} at {process.BaseAddress}");
        var connect = Stopwatch.StartNew();
        await using var clients = await FanOutClients.ConnectAsync(protocol, process.BaseAddress, token, count, ct);
        await WaitForSubscribersAsync(http, count, ct);
        connect.Stop();
        log.WriteLine($"fanout: {server}: {count:N0} subscribers in {connect.Elapsed.TotalSeconds:F1} s");

        var self = Process.GetCurrentProcess();
        var clock = Stopwatch.StartNew();
        var warmUp = TimeSpan.FromSeconds(options.WarmUpSeconds);
        var end = warmUp + TimeSpan.FromSeconds(options.Seconds);
        var inFlight = new List<Task>();
        long sent = 0, sentAtStart = 0, deliveredAtStart = 0, bytesAtStart = 0;
        TimeSpan startedAt = default, cpuAtStart = default, clientCpuAtStart = default, databaseAtStart = default, machineAtStart = default;
        FanOutStats statsAtStart = default;
        var measuring = false;
        while (clock.Elapsed < end)
        {
            if (!measuring && clock.Elapsed >= warmUp)
            {
                measuring = true;
                (startedAt, sentAtStart, deliveredAtStart, bytesAtStart) = (clock.Elapsed, sent, clients.TotalReceived(), clients.TotalBytes());
                (cpuAtStart, clientCpuAtStart, databaseAtStart, machineAtStart) = (process.Sample().Cpu, CpuOf(self), CpuMeter.TreeCpu(postmaster), CpuMeter.MachineBusy());
                statsAtStart = await StatsAsync(http, ct);
            }

            foreach (var done in inFlight.Where(t => t.IsCompleted).ToList())
            {
                await done; // surfaces a failed publish
                inFlight.Remove(done);
            }

            var room = options.Window - (sent - clients.MinReceived());
            if (inFlight.Count < RequestsInFlight && room >= Math.Max(1, options.Window / 4))
            {
                sent += room;
                inFlight.Add(PublishAsync(http, room, ct));
            }
            else
            {
                await Task.Delay(1, ct);
            }
        }

        var seconds = (clock.Elapsed - startedAt).TotalSeconds;
        var delivered = clients.TotalReceived() - deliveredAtStart;
        var bytes = clients.TotalBytes() - bytesAtStart;
        var serverCpu = process.Sample().Cpu - cpuAtStart;
        var clientCpu = CpuOf(self) - clientCpuAtStart;
        var databaseUsed = CpuMeter.TreeCpu(postmaster) - databaseAtStart;
        var machineUsed = CpuMeter.MachineBusy() - machineAtStart;
        var resident = process.Sample().RssBytes;
        var stats = await StatsAsync(http, ct) - statsAtStart;
        await Task.WhenAll(inFlight);
        return new FanOutResult(server, count, seconds, sent - sentAtStart, delivered, serverCpu, clientCpu, bytes, resident,
            clients.MinReceivedByAny(), clients.Closed, connect.Elapsed, stats, databaseUsed, machineUsed);
    }

    private static async Task<FanOutStats> StatsAsync(HttpClient http, CancellationToken ct) =>
        FanOutStats.Parse(await http.GetStringAsync("/bench/stats", ct));

    private static TimeSpan CpuOf(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }

    private static async Task PublishAsync(HttpClient http, long count, CancellationToken ct)
    {
        using var response = await http.PostAsync($"/bench/publish?count={count}", content: null, ct);
        response.EnsureSuccessStatusCode();
    }

    private static async Task WaitForSubscribersAsync(HttpClient http, int count, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var reached = int.Parse(await http.GetStringAsync("/bench/subscribers", ct), CultureInfo.InvariantCulture);
            if (reached >= count)
            {
                return;
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"only {reached} of {count} subscribers reached the server");
            }

            await Task.Delay(50, ct);
        }
    }
}
