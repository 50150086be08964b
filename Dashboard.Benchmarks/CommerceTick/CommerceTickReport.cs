using Dashboard.Benchmarks.Shared;
using System.Globalization;
using System.Text;

namespace Dashboard.Benchmarks.CommerceTick;

/// <summary>The <c>commerce-tick</c> section of BENCHMARKS.md: per run, one row per stored-transaction count.</summary>
internal static class CommerceTickReport
{
    public static string Section(IReadOnlyList<(DateTime Started, IReadOnlyList<CommerceTickResult> Rows)> runs, long users, int ticks, string arguments)
    {
        // Each run names its own start and machine below; the heading says how many runs, one after the other.
        var s = new StringBuilder().AppendLine("## Tick duration against stored commerce history (issue 17)").AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"{runs.Count} run(s) of `dotnet run -c Release --project Dashboard.Benchmarks -- {arguments}`, one after the other in one process.").AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"Each row: a fresh database with the events of that many transactions ({CommerceEventSeeder.Tenants} tenants, 30 days; pending, then completed or 1 in 10 failed, 1 in 25 refunded, a content purchase for each completed one; EUR and USD) and of {users:N0} distinct users active today on `{CommerceEventSeeder.BusyTenant}`, all folded into the commerce tables; then {CommerceEventSeeder.UsersNow:N0} of those users active again in the last 4 minutes. After 5 warm-up ticks, {ticks} ticks with nothing new (quiet: `{CommerceEventSeeder.BusyTenant}` is still recomputed each tick, since its users active now move with the clock, and published only if changed) and {ticks} ticks each after 7 shop events on that tenant (changed: two users active, one new today, a view, a checkout, a payment completed with its purchase, a refund). A tick is the real 1 s job's work (fold, every domain's compute, publish) timed in-process; percentiles are nearest-rank.");
        for (var run = 0; run < runs.Count; run++)
        {
            s.AppendLine();
            s.AppendLine(CultureInfo.InvariantCulture, $"**Run {run + 1}.** {BenchmarkReport.RunLine(runs[run].Started, arguments)}");
            s.AppendLine();
            s.AppendLine("| stored transactions | events | commerce rows after the fold (transactions / buckets / users) | users today / now | database | seed | fold (events/s) | quiet tick p50 / p99 / max | changed tick p50 / p99 / max | changed p50 vs. first row |");
            s.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            var baseline = runs[run].Rows.FirstOrDefault()?.Changed.P50 ?? 0;
            foreach (var r in runs[run].Rows)
            {
                var foldRate = r.Fold.TotalSeconds > 0 && r.StoredEvents > 0 ? (r.StoredEvents / r.Fold.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture) : "–";
                s.AppendLine(CultureInfo.InvariantCulture,
                    $"| {r.Transactions:N0} | {r.StoredEvents:N0} | {r.Rows.Transactions:N0} / {r.Rows.Buckets:N0} / {r.Rows.Users:N0} | {r.Rows.UsersToday:N0} / {r.Rows.UsersNow:N0} | {r.DatabaseBytes / 1048576.0:N0} MiB | {r.Seed.TotalSeconds:F0} s | {r.Fold.TotalSeconds:F0} s ({foldRate}) | {r.Quiet.P50:F1} / {r.Quiet.P99:F1} / {r.Quiet.Max:F1} ms | {r.Changed.P50:F1} / {r.Changed.P99:F1} / {r.Changed.Max:F1} ms | {(baseline > 0 ? r.Changed.P50 / baseline : 0):F2}× |");
            }
        }

        return s.ToString();
    }
}
