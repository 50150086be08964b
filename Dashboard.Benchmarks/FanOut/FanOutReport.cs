using Dashboard.Benchmarks.Shared;
using System.Globalization;

namespace Dashboard.Benchmarks.FanOut;

/// <summary>The fan-out section of BENCHMARKS.md: a table per subscriber count and the ratios against the comparisons.</summary>
internal static class FanOutReport
{
    public static string Section(IReadOnlyList<FanOutResult> results, FanOutOptions options, DateTime started, string arguments)
    {
        var s = BenchmarkReport.Begin("## Fan-out against bare Kestrel and SignalR (issue 6)", started, arguments);
        s.AppendLine(CultureInfo.InvariantCulture, $"One topic, N WebSocket subscribers on loopback, messages of about {FanOutTrigger.MessageBytes} bytes on the wire. Each server runs alone in its own child process (`serve bare|signalr|dashboard`, the benchmark program's runtime settings: workstation GC with background collections, the GC mode the product ships with); the benchmark process holds every subscriber and drives a closed loop: it asks the server to publish more (`POST /bench/publish?count=k`, a benchmark-only endpoint) only while the slowest subscriber is fewer than {options.Window} messages behind, so throughput is what the server delivers and no slow-consumer protection takes part. {options.WarmUpSeconds} s of warm-up, then {options.Seconds} s measured; the three servers run one after another with the same N, window and duration.");
        s.AppendLine();
        s.AppendLine(BareDescription);
        s.AppendLine("- **signalr**: ASP.NET Core SignalR hub, `await Clients.All.SendAsync(\"bench\", seq, text)` per message, JSON hub protocol over WebSockets (the client skips negotiate and speaks the protocol by hand).");
        s.AppendLine("- **dashboard**: the real app (real Kestrel, its own PostgreSQL database) publishing non-snapshot messages on `activity` through `RealtimePublisher`: the production path (backplane batch, `NOTIFY`, hub, per-connection send queues); clients authenticate, subscribe and answer pings.");
        s.AppendLine();
        s.AppendLine("Delivered: benchmark messages counted by the subscribers (each frame classified by one byte, never deserialised), all subscribers together. Server CPU: user + system seconds of the server process per second (`/proc/<pid>/stat`), PostgreSQL's own CPU not included (the Dashboard's backplane inserts and notifies once per message, not per subscriber). Client CPU: the benchmark process (all subscribers and the driver). Allocated/msg and GCs: the server's own runtime counters (`GC.GetTotalAllocatedBytes`, `GC.CollectionCount`, read through the benchmark endpoint `/bench/stats`) over the measured seconds, per delivered message. Connect: opening every subscriber (and, for the Dashboard, `auth` and `subscribe`), 64 at a time.");
        s.AppendLine();
        foreach (var group in results.GroupBy(r => r.Subscribers))
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"### {group.Key:N0} subscribers");
            s.AppendLine();
            BenchmarkReport.AppendTable(
                s,
                "| server | delivered msgs/s | server CPU (s/s) | msgs per server CPU-second | client CPU (s/s) | database CPU (s/s) | bound | bytes/msg | server allocated/msg | server GCs (gen0/gen2) | server RSS | connect | closed |",
                "|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|",
                group,
                r => string.Create(CultureInfo.InvariantCulture, $"| {r.Server} | {r.DeliveredPerSecond:N0} | {r.ServerCpuPerSecond:F2} | {r.DeliveredPerCpuSecond:N0} | {r.ClientCpuPerSecond:F2} | {r.DatabaseCpuPerSecond:F2} | {Bound(r)} | {r.BytesPerMessage:F0} | {r.AllocatedPerMessage:F0} B | {r.Runtime.Gen0}/{r.Runtime.Gen2} | {r.ResidentBytes / 1048576.0:N0} MiB | {r.Connect.TotalSeconds:F1} s | {r.Closed} |"));

            s.AppendLine();
            var dashboard = group.FirstOrDefault(r => r.Server == "dashboard");
            foreach (var (name, target) in new[] { ("bare", 0.8), ("signalr", 2.0) })
            {
                var other = group.FirstOrDefault(r => r.Server == name);
                if (dashboard is null || other is null)
                {
                    continue;
                }

                var rate = Ratio(dashboard.DeliveredPerSecond, other.DeliveredPerSecond);
                var perCpu = Ratio(dashboard.DeliveredPerCpuSecond, other.DeliveredPerCpuSecond);
                s.AppendLine(CultureInfo.InvariantCulture,
                    $"- Dashboard / {name}: **{rate:F2}×** delivered msgs/s, {perCpu:F2}× msgs per server CPU-second (target ≥ {target:0.0}×: {(rate >= target ? "met" : "not met")}).");
            }

            s.AppendLine();
        }

        s.AppendLine(Bounds());
        return s.ToString();
    }

    /// <summary>What the floor does (the bullet of the section; BENCHMARKS.md's fan-out text says the same).</summary>
    public const string BareDescription =
        "- **bare**: the platform's floor, a Kestrel WebSocket broadcaster doing the least work the job allows (`FanOut/BareBroadcaster.cs`): each message serialised and framed once (a server's frames are unmasked, so one byte array, header and payload, is shared by every subscriber); one queue per socket with the Dashboard's discipline (bounded at `Realtime:SendQueueMessages` messages and `Realtime:SendQueueBytes` bytes with their defaults, past which the queue stops accepting, drops what it holds and closes with 4008 \"slow consumer\", the publisher never waiting); one writer loop per socket that takes everything ready (up to 64 KiB) and writes it with one `WriteAsync` on the upgraded stream, so one flush and one socket send carry the batch. `bare-sendasync` (not run by default: `--servers bare,bare-sendasync`) is the same server with one awaited `WebSocket.SendAsync` per message, as the Dashboard's send loop did before it batched (optimisation 10).";

    public static double Ratio(double a, double b) => b > 0 ? a / b : 0;

    // CPU when the machine is 85 % busy: all of it ours, or shared with other processes (a busy shared machine); else
    // the closed loop's round trip (publish → delivery to the slowest subscriber) is what limits the rate.
    private static string Bound(FanOutResult r)
    {
        var busy = 0.85 * Environment.ProcessorCount;
        var others = Math.Max(0, r.MachineCpuPerSecond - r.TotalCpuPerSecond);
        return r.MachineCpuPerSecond < busy ? string.Create(CultureInfo.InvariantCulture, $"loop latency (machine {r.MachineCpuPerSecond:F1} s/s)")
            : others < 0.15 * Environment.ProcessorCount ? string.Create(CultureInfo.InvariantCulture, $"CPU ({r.TotalCpuPerSecond:F1} s/s ours)")
            : string.Create(CultureInfo.InvariantCulture, $"CPU, shared ({others:F1} s/s other processes)");
    }

    private static string Bounds() =>
        string.Create(CultureInfo.InvariantCulture,
            $"What bounds these figures (column *bound*): the machine's {Environment.ProcessorCount} cores are shared by the server, the single load-client process and (for the Dashboard) PostgreSQL, so a run that uses them all is CPU-bound for the three together, not for the server alone; the load client (one process, one receive per message per socket, except SignalR, which packs several messages into a frame) costs a large share. *CPU, shared* means other processes took a noticeable part of the machine during the run (compare such rows with care). A run below 85 % of the machine (all processes, `/proc/stat`) is bound by the closed loop's round trip: publish, fan-out and delivery to the slowest subscriber, with at most N × window deliveries outstanding; for the Dashboard that round trip includes the backplane (a commit and a `NOTIFY` through PostgreSQL). The figures compare servers under the same client on the same machine; absolute rates with dedicated load generators would be higher. Messages are counted per subscriber, so msgs/s = publishes/s × N.");
}
