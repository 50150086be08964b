using System.Globalization;
using System.Text;

namespace Dashboard.Benchmarks;

/// <summary>The Markdown sections of the <c>latency</c> and <c>ingest</c> scenarios.</summary>
internal static class LatencyReport
{
    public const double LatencyTargetMs = 25;
    public const double IngestTarget = 30_000;

    public static string LatencySection(IReadOnlyList<LatencyResult> results, DateTime started, string arguments)
    {
        var o = results[0].Options;
        var s = new StringBuilder();
        s.AppendLine("## End-to-end latency: POST → `call_event` (issue 6)");
        s.AppendLine();
        s.AppendLine(BenchmarkReport.RunLine(started, arguments));
        s.AppendLine();
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
                $"Server stage means (its `/metrics`): {r.Stages}. {Bound(r.Cpu)}");
        }

        return s.ToString();
    }

    public static string IngestSection(IReadOnlyList<IngestResult> results, DateTime started, string arguments)
    {
        var s = new StringBuilder();
        s.AppendLine("## Ingestion: committed events per second (issue 6)");
        s.AppendLine();
        s.AppendLine(BenchmarkReport.RunLine(started, arguments));
        s.AppendLine();
        s.AppendLine(
            "The real server (`Dashboard.dll`, Production, a child process on its own database in a throwaway PostgreSQL cluster); in the benchmark's process, " +
            "each producer is a loop of `POST /api/v1/events` batches (`application/cloudevents-batch+json`) on its own connection and tenant, the next sent when the previous is answered. " +
            "Events are realistic call events (started with campaign, agent and numbers; answered; ended with outcome and duration), each also published live as a `call_event`. " +
            "A `202` comes after the commit, so events/s counts committed events: those of POSTs answered inside the timed window; the stored row count is checked against every acknowledgement.");
        s.AppendLine();
        s.AppendLine("| batch | producers | committed events/s | POST → 202 p50 / p99 / p99.9 / max | POSTs | failed | stored / acknowledged | CPU cores: server / PostgreSQL / clients / machine | ≥ 30,000/s |");
        s.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|:---:|");
        foreach (var r in results)
        {
            s.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Batch:N0} | {r.Producers} | {r.EventsPerSecond:N0} | {r.Ack.P50:F1} / {r.Ack.P99:F1} / {r.Ack.P999:F1} / {r.Ack.Max:F1} ms | {r.Posts:N0} | {r.Failed:N0} | {r.Stored:N0} / {r.Acknowledged:N0} | {r.Cpu.Server:F2} / {r.Cpu.Database:F2} / {r.Cpu.Clients:F2} / {r.Cpu.Machine:F2} | {(r.EventsPerSecond >= IngestTarget ? "yes" : "no")} |");
        }

        s.AppendLine();
        foreach (var r in results)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"Batch {r.Batch:N0}, server stage means (its `/metrics`): {r.Stages}.");
            s.AppendLine();
        }

        s.AppendLine(CultureInfo.InvariantCulture, $"{(results.Count == 0 ? "" : Bound(results.MaxBy(r => r.Cpu.Machine)!.Cpu))}");
        return s.ToString();
    }

    private static string Posts(int batch, int rate) => batch == 1
        ? "one event per POST, as a real producer sends them"
        : string.Create(CultureInfo.InvariantCulture, $"POSTs of {batch} events every {batch * 1000.0 / rate:F0} ms");

    private static void Row(StringBuilder s, string n, string name, LatencyFigures f, bool target) =>
        s.AppendLine(CultureInfo.InvariantCulture,
            $"| {n} | {name} | {f.Count:N0} | {f.P50:F2} ms | {f.P99:F2} ms | {f.P999:F2} ms | {f.Max:F2} ms | {(target ? f.P99 <= LatencyTargetMs ? "yes" : "no" : "–")} |");

    // The machine figure includes PostgreSQL and anything else running; near all cores busy means the CPU is the bound.
    private static string Bound(CpuFigures cpu)
    {
        var cores = Environment.ProcessorCount;
        var saturated = cpu.Machine >= 0.85 * cores;
        var verdict = saturated
            ? "(saturated: the figure is bounded by the shared CPU, not by the server alone)."
            : "(not saturated: the figure is the path's own cost, commit, backplane NOTIFY and fan-out).";
        return string.Create(CultureInfo.InvariantCulture,
            $"What bounds it: one machine runs the server, PostgreSQL and the load clients; during the timed window the server used {cpu.Server:F2} cores, PostgreSQL {cpu.Database:F2}, the clients {cpu.Clients:F2}, the whole machine {cpu.Machine:F2} of {cores} {verdict}");
    }
}
