using Dashboard.Benchmarks.Shared;
using System.Globalization;

namespace Dashboard.Benchmarks.ChatTick;

/// <summary>The <c>chat-tick</c> section of BENCHMARKS.md: one row per stored-message count.</summary>
internal static class ChatTickReport
{
    public static string Section(IReadOnlyList<ChatTickResult> results, int ticks, DateTime started, string arguments)
    {
        var s = BenchmarkReport.Begin("## Tick duration against stored chat history (issue 16)", started, arguments);
        s.AppendLine(CultureInfo.InvariantCulture, $"Each row: a fresh database with the events of that many chat messages ({ChatEventSeeder.Tenants} tenants, 30 days; {ChatEventSeeder.MessagesPerSession} messages a session, statuses for the agent's messages, 2 in 5 sessions rated), all folded into the chat tables; after 5 warm-up ticks, {ticks} ticks with nothing new (quiet: no tenant has a change, and waiting sessions do not make a tenant live) and {ticks} ticks each after 8 chat events on one tenant (changed: a session starts, one is assigned and gets two messages, two statuses, a close and a CSAT). A tick is the real 1 s job's work (fold, every domain's compute, publish) timed in-process; percentiles are nearest-rank.");
        s.AppendLine();
        s.AppendLine("| stored messages | events | chat rows after the fold (sessions / messages / hourly / CSAT) | database | seed | fold (events/s) | quiet tick p50 / p99 / max | changed tick p50 / p99 / max | changed p50 vs. first row |");
        s.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var baseline = results.FirstOrDefault()?.Changed.P50 ?? 0;
        foreach (var r in results)
        {
            var foldRate = r.Fold.TotalSeconds > 0 && r.StoredEvents > 0 ? (r.StoredEvents / r.Fold.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture) : "–";
            s.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Messages:N0} | {r.StoredEvents:N0} | {r.Rows.Sessions:N0} / {r.Rows.Messages:N0} / {r.Rows.Hourly:N0} / {r.Rows.Csat:N0} | {r.DatabaseBytes / 1048576.0:N0} MiB | {r.Seed.TotalSeconds:F0} s | {r.Fold.TotalSeconds:F0} s ({foldRate}) | {r.Quiet.P50:F1} / {r.Quiet.P99:F1} / {r.Quiet.Max:F1} ms | {r.Changed.P50:F1} / {r.Changed.P99:F1} / {r.Changed.Max:F1} ms | {(baseline > 0 ? r.Changed.P50 / baseline : 0):F2}× |");
        }

        return s.ToString();
    }
}
