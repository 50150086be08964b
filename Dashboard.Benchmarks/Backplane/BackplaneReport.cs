using Dashboard.Benchmarks.Shared;
using System.Globalization;

namespace Dashboard.Benchmarks.Backplane;

/// <summary>The <c>backplane</c> section: a curve per node count, each curve's ceiling, and the ingest ceiling.</summary>
internal static class BackplaneReport
{
    /// <summary>Issue 20's bar: below it across 3 nodes, notifications are to be batched.</summary>
    public const double Target = 20_000;

    public static string Section(BackplaneResult result, BackplaneOptions options, DateTime started, string arguments)
    {
        var s = BenchmarkReport.Begin("## Backplane and ingest ceiling: where one PostgreSQL stops being enough (issue 20)", started, arguments);
        s.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Each curve: N Dashboard nodes (`serve backplane-node`: the real app in a child process, its jobs paused, with benchmark endpoints), all on one database of one throwaway PostgreSQL cluster, loopback. The driver (this process) offers messages at a fixed total rate, an equal share through each node, every 2 ms asking each node for what has come due (`POST /bench/backplane/publish?count=k`, answered at once: open loop); each node publishes them through `RealtimePublisher` (the production path: a batch statement sequences, logs into `realtime_messages` and `pg_notify`s them; every node's `BackplaneListener` applies them to its hub), about 300-byte envelopes on `activity`, round-robin over {options.Tenants} tenants. ") +
            string.Create(CultureInfo.InvariantCulture,
            $"A probe subscribed to those streams on every node times each message from its `PublishAsync` (on whichever node: one `CLOCK_MONOTONIC` clock for the machine) to its application on that node's hub. {options.WarmUpSeconds} s of warm-up, then {options.Seconds} s measured; then the load stops and every node must apply everything published within {options.DrainSeconds} s. ") +
            $"A point **kept up** when every node applied at least {BackplaneOptions.KeptUpShare:P0} of the offered rate in the window, no publish failed and the backlog drained; a curve stops after the first point that did not. CPU in cores over the window: each node's process, the PostgreSQL cluster, the driver, the whole machine.");
        s.AppendLine();
        BenchmarkReport.AppendTable(
            s,
            "| nodes | offered msgs/s | published msgs/s | delivered to every node msgs/s | applied, all nodes msgs/s | publish → applied p50 / p99 / p99.9 per node (ms) | CPU nodes / PostgreSQL / driver / machine | failed | drained | kept up |",
            "|---:|---:|---:|---:|---:|---|---:|---:|---:|:---:|",
            result.Points,
            p => string.Create(CultureInfo.InvariantCulture,
                $"| {p.Nodes} | {p.Offered:N0} | {p.Published:N0} | {p.DeliveredToEvery:N0} | {p.PerNode.Sum(n => n.Applied) / p.Seconds:N0} | {string.Join("; ", p.PerNode.Select(n => $"{n.P50:F1} / {n.P99:F1} / {n.P999:F1}"))} | {string.Join("+", p.PerNode.Select(n => n.CpuCores.ToString("F2", CultureInfo.InvariantCulture)))} / {p.DatabaseCores:F2} / {p.DriverCores:F2} / {p.MachineCores:F2} | {p.Failed:N0} | {(p.DrainSeconds is { } d ? $"{d:F1} s" : "no")} | {(p.KeptUp ? "yes" : "no")} |"));
        s.AppendLine();
        foreach (var curve in result.Points.GroupBy(p => p.Nodes))
        {
            var kept = curve.Where(p => p.KeptUp).MaxBy(p => p.Offered);
            var fell = curve.FirstOrDefault(p => !p.KeptUp);
            var most = curve.MaxBy(p => p.DeliveredToEvery)!;
            s.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"- **{curve.Key} node(s)**: kept up to {(kept is null ? "no rate tried" : $"**{kept.Offered:N0} msgs/s**")}; {(fell is null ? "no point fell behind (the ceiling is higher: add rates)" : $"fell behind at {fell.Offered:N0} offered ({fell.DeliveredToEvery:N0} delivered to every node)")}; most delivered to every node {most.DeliveredToEvery:N0} msgs/s, PostgreSQL {most.DatabaseCores:F2} cores there.") +
                (curve.Key == 3 ? string.Create(CultureInfo.InvariantCulture, $" Issue 20's bar, {Target:N0} msgs/s across 3 nodes: {Verdict(kept, fell)}.") : ""));
        }

        if (result.Ingest.Count > 0)
        {
            s.AppendLine();
            s.AppendLine("Ingest ceiling (the `ingest` scenario, one node, its own cluster): closed-loop producers POSTing batches of call events, each event committed and published live as a `call_event`.");
            s.AppendLine();
            BenchmarkReport.AppendTable(
                s,
                "| batch | producers | committed events/s | POST → 202 p50 / p99 | stored / acknowledged | CPU server / PostgreSQL / clients / machine | server stage means |",
                "|---:|---:|---:|---:|---:|---:|---|",
                result.Ingest,
                r => string.Create(CultureInfo.InvariantCulture,
                    $"| {r.Batch:N0} | {r.Producers} | {r.EventsPerSecond:N0} | {r.Ack.P50:F1} / {r.Ack.P99:F1} ms | {r.Stored:N0} / {r.Acknowledged:N0} | {r.Cpu.Server:F2} / {r.Cpu.Database:F2} / {r.Cpu.Clients:F2} / {r.Cpu.Machine:F2} | {r.Stages} |"));
        }

        s.AppendLine();
        s.AppendLine("What bounds it: every node, PostgreSQL and the driver share the machine's cores, so a curve that ends with the machine near all cores busy is bounded by the shared CPU; PostgreSQL's share says how much of it the database took, the figure that carries over to a bigger database server.");
        return s.ToString();
    }

    private static string Verdict(BackplanePoint? kept, BackplanePoint? fell) =>
        (kept?.Offered ?? 0) >= Target * BackplaneOptions.KeptUpShare ? "met"
        : fell is null ? "not reached by the rates tried"
        : "not met";
}
