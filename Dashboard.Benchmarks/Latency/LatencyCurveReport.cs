using Dashboard.Benchmarks.Shared;
using System.Globalization;
using System.Text;

namespace Dashboard.Benchmarks.Latency;

/// <summary>The <c>latency-curve</c> section: a row per (rate, build), then each build's knee.</summary>
internal static class LatencyCurveReport
{
    /// <summary>The section's name in BENCHMARKS.md (its begin/end markers); the single-point table keeps <c>latency</c>.</summary>
    public const string Section = "latency-curve";

    public static string Write(LatencyCurveResult result, LatencyCurveOptions options, DateTime started, string arguments)
    {
        var o = options.Point;
        var s = BenchmarkReport.Begin("## End-to-end latency curve: POST → `call_event` per rate and build (issue 20)", started, arguments);
        s.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Builds: {string.Join(", ", options.Servers.Select(b => $"**{b.Name}** `{b.Dll}`"))}. Each point is the `latency` scenario's load at one rate: the build's `Dashboard.dll` started fresh (Production, a child process) on a fresh database of one throwaway PostgreSQL cluster, {o.Clients:N0} WebSocket + {o.Clients:N0} SSE clients subscribed to `calls` of one tenant, one producer sending call events ({(o.Batch == 1 ? "one per POST" : $"{o.Batch} per POST")}) at the point's rate, not waiting for answers (at most 512 in flight); {o.WarmUpSeconds} s of warm-up at the point's rate (long enough that the runtime's tier-1 recompilation is over: with 5 s, `perf` found the JIT's background thread at about half the server's CPU inside the timed window at 25 events/s), then {o.Seconds} s timed. ") +
            "Latency is from just before the POST to each client's receipt of the `call_event` (every (event, client) pair one sample, one clock), POST → 202 at the producer. Builds alternate per point (A B at one rate, B A at the next). CPU is per point's timed window, in cores: the server process, the PostgreSQL cluster (postmaster and backends), this process (the clients and the producer), and the whole machine.");
        s.AppendLine();
        BenchmarkReport.AppendTable(
            s,
            "| events/s asked (sent) | build | p50 | p99 | p99.9 | POST → 202 p50 / p99 | CPU server / PostgreSQL / clients / machine | missing deliveries | p99 ≤ 25 ms |",
            "|---:|---|---:|---:|---:|---:|---:|---:|:---:|",
            result.Points.OrderBy(p => p.Rate).ThenBy(p => IndexOf(options, p.Build)),
            p => Row(p));
        s.AppendLine();
        if (result.Knees.Count > 0)
        {
            s.AppendLine(CultureInfo.InvariantCulture,
                $"Knee: the highest rate at which p99 POST → client ≤ {LatencyReport.LatencyTargetMs:0} ms with the load really offered (≥ 95 % of the asked rate sent, no POST failed, no delivery missing); doubling from {options.KneeStart:N0}/s, then bisecting to within 10 %, at most {options.KneeSteps} points per build and {options.KneeMax:N0}/s.");
            s.AppendLine();
            BenchmarkReport.AppendTable(
                s,
                "| build | knee (events/s) | first rate over the target | points (rate, p99) |",
                "|---|---:|---:|---|",
                result.Knees,
                k => string.Create(CultureInfo.InvariantCulture,
                    $"| {k.Build} | {(k.AboveMax ? "≥ " : "")}{k.Knee:N0} | {(k.FirstFailed is { } f ? f.ToString("N0", CultureInfo.InvariantCulture) : "–")} | {k} |"));
            s.AppendLine();
            if (result.Knees.Count == 2 && result.Knees[0].Knee > 0)
            {
                s.AppendLine(CultureInfo.InvariantCulture,
                    $"- {result.Knees[1].Build} / {result.Knees[0].Build}: knee **{(double)result.Knees[1].Knee / result.Knees[0].Knee:F2}×** (target ≥ 2×).");
                s.AppendLine();
            }
        }

        AppendRatios(s, result, options);
        return s.ToString();
    }

    private static string Row(CurvePoint p)
    {
        var r = p.Result;
        return string.Create(CultureInfo.InvariantCulture,
            $"| {p.Rate:N0} ({r.ProducerRate:N0}) | {p.Build} | {r.All.P50:F2} ms | {r.All.P99:F2} ms | {r.All.P999:F2} ms | {r.Ack.P50:F2} / {r.Ack.P99:F2} ms | {r.Cpu.Server:F2} / {r.Cpu.Database:F2} / {r.Cpu.Clients:F2} / {r.Cpu.Machine:F2} | {r.MissingDeliveries:N0} | {(LatencyCurve.Offered(p) && r.All.P99 <= LatencyReport.LatencyTargetMs ? "yes" : "no")} |");
    }

    // With two builds: the second's p99 over the first's at each rate both measured.
    private static void AppendRatios(StringBuilder s, LatencyCurveResult result, LatencyCurveOptions options)
    {
        if (options.Servers.Count != 2)
        {
            return;
        }

        var (a, b) = (options.Servers[0].Name, options.Servers[1].Name);
        foreach (var rate in result.Points.Select(p => p.Rate).Distinct().Order())
        {
            if (result.Points.FirstOrDefault(p => p.Build == a && p.Rate == rate) is { } pa
                && result.Points.FirstOrDefault(p => p.Build == b && p.Rate == rate) is { } pb && pa.Result.All.P99 > 0)
            {
                s.AppendLine(CultureInfo.InvariantCulture,
                    $"- {rate:N0} events/s: p99 {b} / {a} {pb.Result.All.P99 / pa.Result.All.P99:F2}×, p50 {pb.Result.All.P50 / Math.Max(0.001, pa.Result.All.P50):F2}×, server CPU {pb.Result.Cpu.Server / Math.Max(0.001, pa.Result.Cpu.Server):F2}×.");
            }
        }
    }

    private static int IndexOf(LatencyCurveOptions options, string build)
    {
        for (var i = 0; i < options.Servers.Count; i++)
        {
            if (options.Servers[i].Name == build)
            {
                return i;
            }
        }

        return int.MaxValue;
    }
}
