using Dashboard.Benchmarks.Shared;
using System.Globalization;

namespace Dashboard.Benchmarks.Tick;

/// <summary>The <c>tick</c> section of BENCHMARKS.md: one row per stored-history size.</summary>
internal static class TickReport
{
    public static string TickSection(IReadOnlyList<TickResult> results, int ticks, DateTime started, string arguments)
    {
        var s = BenchmarkReport.Begin("## Tick duration against stored history (issue 4)", started, arguments);
        s.AppendLine(CultureInfo.InvariantCulture, $"Each row: a fresh database with that many stored events ({EventSeeder.Tenants} tenants × {EventSeeder.CampaignsPerTenant} campaigns, 30 days of outbound and inbound calls), all folded; after 5 warm-up ticks, {ticks} ticks with nothing new (idle: the 10 trickle tenants each have a call in progress) and {ticks} ticks each after a trickle of 40 events on 10 tenants (busy: a call starts and one ends, a caller queues, an agent changes status). A tick is the real 1 s job's work (fold, compute, publish) timed in-process.");
        s.AppendLine();
        s.AppendLine("| stored events | database | seed | fold (events/s) | idle tick p50 / p95 / max | busy tick p50 / p95 / max | busy p50 vs. 0 events |");
        s.AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
        var baseline = results.FirstOrDefault()?.Busy.P50 ?? 0;
        foreach (var r in results)
        {
            var foldRate = r.Fold.TotalSeconds > 0 && r.StoredEvents > 0 ? (r.StoredEvents / r.Fold.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture) : "–";
            s.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.StoredEvents:N0} | {r.DatabaseBytes / 1048576.0:N0} MiB | {r.Seed.TotalSeconds:F0} s | {r.Fold.TotalSeconds:F0} s ({foldRate}) | {r.Idle.P50:F1} / {r.Idle.P95:F1} / {r.Idle.Max:F1} ms | {r.Busy.P50:F1} / {r.Busy.P95:F1} / {r.Busy.Max:F1} ms | {(baseline > 0 ? r.Busy.P50 / baseline : 0):F2}× |");
        }

        return s.ToString();
    }
}
