using Dashboard.Benchmarks.Shared;
using System.Globalization;
using System.Text;

namespace Dashboard.Benchmarks.Connections;

/// <summary>The <c>connections</c> section of BENCHMARKS.md.</summary>
internal static class ConnectionsReport
{
    /// <summary>The project's goal: server memory per idle WebSocket connection at 50,000 connections.</summary>
    private const double TargetKib = 10;

    public static string Section(IReadOnlyList<ConnectionsResult> results, ConnectionsOptions o, DateTime started, string arguments)
    {
        var c = CultureInfo.InvariantCulture;
        var limit = ConnectionsBenchmark.OpenFilesHardLimit();
        var s = new StringBuilder();
        s.AppendLine("## Idle connections: server memory and heartbeat CPU per connection (issue 6)");
        s.AppendLine();
        s.AppendLine(BenchmarkReport.RunLine(started, arguments,
            string.Create(c, $"{Mib(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes) / 1024:N0} GiB, open-files hard limit {Limit(limit)}")));
        s.AppendLine();
        s.Append(c, $"Server: the app's build output (`Dashboard.dll`) in its own process, `ASPNETCORE_ENVIRONMENT=Production` (the GC mode as shipped, Dashboard.csproj, unless `--server-env` says otherwise), simulator off, Warning logs, `Realtime:HeartbeatSeconds` = `Realtime:SseHeartbeatSeconds` = {o.HeartbeatSeconds} s (default 30 and 15: short, so the window sees several heartbeats per connection; the server's sweep runs once a second, so one comes every {o.HeartbeatSeconds} to {o.HeartbeatSeconds + 1} s). ");
        s.Append(c, $"Clients: child processes of the benchmark program, at most {ClientFleet.MaxPerProcess:N0} connections each, each from its own source address 127.0.0.10, .11, …; every connection authenticated for a tenant with no events " +
            $"(WebSocket: `auth`, then `subscribe` to `{ConnectionsBenchmark.Topic}`, every `ping` answered with `pong`; SSE: `GET /sse?topics={ConnectionsBenchmark.Topic}` with a bearer token), so heartbeats are the only traffic.").AppendLine();
        s.AppendLine();
        s.Append(c, $"Each row: a fresh app process on a fresh database; {o.WarmUp} connections opened and closed (warm-up: JIT, pools); RSS settled (two heartbeats, then {o.StableSamples} one-second samples within 1 MiB or 0.5 %, at most {o.MaxSettle.TotalSeconds:F0} s); server CPU over a quiet {o.Window.TotalSeconds:F0} s window; the N connections opened; RSS settled again; the same window. ");
        s.AppendLine("RSS is `VmRSS` of `/proc/<pid>/status`, CPU is `utime + stime` of `/proc/<pid>/stat`, both read from outside the server. Memory per connection = (RSS after − RSS before) / N; heartbeat CPU = CPU with the connections − CPU without them. Then the clients close and the RSS settles once more (come and go: how much the server gives back; `Realtime:TrimMemoryAfterDisconnects` compacts once the count has settled). `--gcdump DIR` adds a heap dump before and after the connections open and prints their per-type difference per connection (dumps force full collections: compare the come-and-go figure only between runs without it).");
        s.AppendLine();
        s.AppendLine("| transport | connections (server's count) | server RSS before → after | per connection: RSS | of which managed heap | server CPU without → with | heartbeat CPU | per 1,000 connections | pings per connection in window | open at the end | RSS after they close (÷ before) |");
        s.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            var name = r.Transport == "ws" ? "WebSocket" : "SSE";
            if (r.Skipped is not null)
            {
                s.AppendLine(c, $"| {name} | {r.Requested:N0} | not run: {r.Skipped} | | | | | | | | |");
                continue;
            }

            var settled = r.Settled ? "" : " (not settled)";
            s.AppendLine(c,
                $"| {name} | {r.Opened:N0} ({r.ServerConnections:N0}) | {Mib(r.RssBefore):N1} → {Mib(r.RssAfter):N1} MiB{settled} | **{r.KibPerConnection:F2} KiB** | {r.HeapKibPerConnection:F2} KiB | " +
                $"{r.BaselineCpu.Mean:F1} → {r.LoadedCpu.Mean:F1} ms/s | {r.HeartbeatCpu:F1} ± {r.HeartbeatCpuNoise:F1} ms/s | {r.HeartbeatCpuPerThousand:F2} ms/s | {r.PingsPerConnection:F1} (expected {r.WindowSeconds / (o.HeartbeatSeconds + 1):F1}–{r.WindowSeconds / o.HeartbeatSeconds:F1}) | {r.StillOpen:N0} | {Mib(r.RssAfterClose):N1} MiB ({r.AfterCloseRatio:F2}×) |");
        }

        s.AppendLine();
        AppendTarget(s, results, limit);
        s.AppendLine();
        s.AppendLine("What bounds each figure:");
        s.AppendLine(c, $"- **Connection counts**: the open-files hard limit ({Limit(limit)} per process, `ulimit -Hn`, not raisable here): the server needs one descriptor per connection plus a few hundred of its own, so about {Math.Max(0, limit - 500):N0} connections is the most one server process can hold on this machine. The server, not the clients, is the limit: the clients already spread over processes and source addresses.");
        s.AppendLine("- **RSS per connection**: what the server keeps per idle connection (the app's connection object, send queue and hub subscription; Kestrel's connection, `HttpContext` and pipes; any buffer held across the idle wait) plus the garbage collector's allocation budget and retained segments, which grow with the allocation rate of opening N connections and are returned lazily: a settled RSS delta is an upper bound of the live cost. The managed-heap column is `dotnet_total_memory_bytes` from the app's `/metrics` (`GC.GetTotalMemory` without a collection, so it includes garbage not yet collected).");
        s.AppendLine(c, $"- **Heartbeat CPU**: the clock-tick resolution of `/proc` ({ProcessSample.CpuResolution.TotalMilliseconds:F0} ms per reading, ±{2 * ProcessSample.CpuResolution.TotalMilliseconds / o.Window.TotalSeconds:F1} ms/s over the window) and the app's own background work in both windows (the 1 s metrics and health jobs, the 1 s heartbeat sweep), and whatever else runs on the machine: the ± is twice the standard error of the per-second readings of the two windows; at small N the difference is within it. The clients share the machine's cores but their CPU is not counted.");
        return s.ToString();
    }

    private static void AppendTarget(StringBuilder s, IReadOnlyList<ConnectionsResult> results, long limit)
    {
        var c = CultureInfo.InvariantCulture;
        var largest = results.Where(r => r.Transport == "ws" && r.Skipped is null && r.Opened > 0).MaxBy(r => r.Opened);
        var reached = results.Where(r => r.Skipped is null).Select(r => r.Opened).DefaultIfEmpty(0).Max();
        if (largest is not null)
        {
            var verdict = largest.KibPerConnection <= TargetKib ? "within" : "over";
            s.AppendLine(c, $"Target: ≤ {TargetKib:F0} KB of server memory per idle WebSocket connection at 50,000. Measured at {largest.Opened:N0}: {largest.KibPerConnection:F2} KiB, {verdict} the target at that count.");
        }

        if (reached < 50_000)
        {
            s.AppendLine();
            s.Append(c, $"**20,000, 50,000 and 100,000 connections were not reachable on this machine**: the open-files hard limit is {Limit(limit)} per process (`ulimit -Hn`), and one server process cannot hold that many sockets. ");
            s.Append(c, $"On a machine without that limit (`ulimit -n 110000` for the shell that starts the run; {ClientMemory(results)}), run ");
            s.AppendLine("`dotnet run -c Release --project Dashboard.Benchmarks -- connections --counts 20000,50000,100000`: the clients already spread over processes of at most 10,000 connections and source addresses 127.0.0.10 upward (about 28,000 ephemeral ports each).");
        }
    }

    private static string ClientMemory(IReadOnlyList<ConnectionsResult> results) =>
        results.Where(r => r.Skipped is null && r.Opened > 0).MaxBy(r => r.Opened) is { } r
            ? string.Create(CultureInfo.InvariantCulture, $"the client processes measured here used {r.ClientRss / 1024.0 / r.Opened:F1} KiB per connection")
            : "the clients need some memory per connection";

    private static string Limit(long limit) => limit == long.MaxValue ? "unlimited" : limit.ToString("N0", CultureInfo.InvariantCulture);

    private static double Mib(long bytes) => bytes / 1048576.0;
}
