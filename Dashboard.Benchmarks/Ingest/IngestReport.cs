using Dashboard.Benchmarks.Shared;
using System.Globalization;

namespace Dashboard.Benchmarks.Ingest;

/// <summary>The <c>ingest</c> section of BENCHMARKS.md.</summary>
internal static class IngestReport
{
    /// <summary>Issue 6's target: committed events per second.</summary>
    public const double Target = 30_000;

    public static string IngestSection(IReadOnlyList<IngestResult> results, DateTime started, string arguments)
    {
        var s = BenchmarkReport.Begin("## Ingestion: committed events per second (issue 6)", started, arguments);
        s.AppendLine(
            "The real server (`Dashboard.dll`, Production, a child process on its own database in a throwaway PostgreSQL cluster); in the benchmark's process, " +
            "each producer is a loop of `POST /api/v1/events` batches (`application/cloudevents-batch+json`) on its own connection and tenant, the next sent when the previous is answered. " +
            "Events are realistic call events (started with campaign, agent and numbers; answered; ended with outcome and duration), each also published live as a `call_event`. " +
            "A `202` comes after the commit, so events/s counts committed events: those of POSTs answered inside the timed window; the stored row count is checked against every acknowledgement.");
        s.AppendLine();
        BenchmarkReport.AppendTable(
            s,
            "| batch | producers | committed events/s | POST → 202 p50 / p99 / p99.9 / max | POSTs | failed | stored / acknowledged | CPU cores: server / PostgreSQL / clients / machine | ≥ 30,000/s |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|:---:|",
            results,
            r => string.Create(CultureInfo.InvariantCulture, $"| {r.Batch:N0} | {r.Producers} | {r.EventsPerSecond:N0} | {r.Ack.P50:F1} / {r.Ack.P99:F1} / {r.Ack.P999:F1} / {r.Ack.Max:F1} ms | {r.Posts:N0} | {r.Failed:N0} | {r.Stored:N0} / {r.Acknowledged:N0} | {r.Cpu.Server:F2} / {r.Cpu.Database:F2} / {r.Cpu.Clients:F2} / {r.Cpu.Machine:F2} | {(r.EventsPerSecond >= Target ? "yes" : "no")} |"));

        s.AppendLine();
        foreach (var r in results)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"Batch {r.Batch:N0}, server stage means (its `/metrics`): {r.Stages}.");
            s.AppendLine();
        }

        s.AppendLine(CultureInfo.InvariantCulture, $"{(results.Count == 0 ? "" : BenchmarkReport.CpuBound(results.MaxBy(r => r.Cpu.Machine)!.Cpu))}");
        return s.ToString();
    }
}
