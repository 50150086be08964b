using Dashboard.Benchmarks.Shared;
using System.Globalization;
using System.Text;

namespace Dashboard.Benchmarks.Latency;

/// <summary>The <c>latency</c> section of BENCHMARKS.md.</summary>
internal static class LatencyReport
{
    public const double LatencyTargetMs = 25;

    public static string LatencySection(IReadOnlyList<LatencyResult> results, DateTime started, string arguments)
    {
        var o = results[0].Options;
        var s = BenchmarkReport.Begin("## End-to-end latency: POST → `call_event` (issue 6)", started, arguments);
        s.AppendLine(CultureInfo.InvariantCulture,
            $"The real server (`Dashboard.dll`, Production, a child process on its own database in a throwaway PostgreSQL cluster) and, in the benchmark's process, N WebSocket and N SSE clients subscribed to `calls` of one tenant, and one producer sending `call.started` / `call.answered` / `call.ended` events at {o.Rate:N0} events/s ({Posts(o.Batch, o.Rate)}, not waiting for earlier answers, at most 512 in flight). " +
            $"A sample is one (event, client) pair: from just before the POST that carried the event to the client's receipt of its `call_event`, on one clock (this process's `Stopwatch`); {o.WarmUpSeconds} s of warm-up are not timed, then {o.Seconds} s are. Histogram resolution ±1.6 %. " +
            $"The server must deliver rate × 2N messages per second, and the clients in this process receive and parse them all on the same cores.");
        s.AppendLine();
        s.AppendLine("| N | samples | (event, client) pairs | p50 | p99 | p99.9 | max | p99 ≤ 25 ms |");
        s.AppendLine("|---:|---|---:|---:|---:|---:|---:|:---:|");
        foreach (var r in results)
        {
            var n = r.Options.Clients.ToString("N0", CultureInfo.InvariantCulture);
            Row(s, n, "all clients", r.All, target: true);
            Row(s, n, "WebSocket", r.WebSocket, target: true);
            Row(s, n, "SSE", r.Sse, target: true);
            Row(s, n, "POST → 202 (producer)", r.Ack, target: false);
        }

        s.AppendLine();
        foreach (var r in results)
        {
            var expected = r.EventsAccepted * 2 * r.Options.Clients;
            s.AppendLine(CultureInfo.InvariantCulture,
                $"- N = {r.Options.Clients:N0}: {r.EventsAccepted:N0} events accepted, {r.PostsFailed:N0} POSTs failed, {r.ProducerRate:N0} events/s sent in the timed part ({(long)r.Options.Rate * 2 * r.Options.Clients:N0} deliveries/s asked of the server); " +
                $"{expected - r.MissingDeliveries:N0} of {expected:N0} deliveries arrived; clients ended early: {(r.ClientsEnded.Count == 0 ? "none" : string.Join(", ", r.ClientsEnded))}. " +
                $"Server stage means (its `/metrics`): {r.Stages}. {BenchmarkReport.CpuBound(r.Cpu)}");
        }

        return s.ToString();
    }

    private static string Posts(int batch, int rate) => batch == 1
        ? "one event per POST, as a real producer sends them"
        : string.Create(CultureInfo.InvariantCulture, $"POSTs of {batch} events every {batch * 1000.0 / rate:F0} ms");

    private static void Row(StringBuilder s, string n, string name, LatencyFigures f, bool target) =>
        s.AppendLine(CultureInfo.InvariantCulture,
            $"| {n} | {name} | {f.Count:N0} | {f.P50:F2} ms | {f.P99:F2} ms | {f.P999:F2} ms | {f.Max:F2} ms | {(target ? f.P99 <= LatencyTargetMs ? "yes" : "no" : "–")} |");
}
