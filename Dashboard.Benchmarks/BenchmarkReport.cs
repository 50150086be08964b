using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Dashboard.Benchmarks;

/// <summary>Writes a scenario's figures as a Markdown section of BENCHMARKS.md, replacing that scenario's previous run.</summary>
internal static class BenchmarkReport
{
    public static string TickSection(IReadOnlyList<TickResult> results, int ticks, DateTime started, string arguments)
    {
        var s = new StringBuilder();
        s.AppendLine("## Tick duration against stored history (issue 4)");
        s.AppendLine();
        s.AppendLine(RunLine(started, arguments));
        s.AppendLine();
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

    /// <summary>
    /// The line every section opens with: when, on what machine (<paramref name="machineExtra"/> adds facts a scenario
    /// depends on), and the command that reproduces it.
    /// </summary>
    public static string RunLine(DateTime started, string arguments, string? machineExtra = null) =>
        string.Create(CultureInfo.InvariantCulture,
            $"Run {started:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, {(machineExtra is null ? "" : machineExtra + ", ")}{RuntimeInformation.OSDescription}, .NET {Environment.Version}: `dotnet run -c Release --project Dashboard.Benchmarks -- {arguments}`.");

    /// <summary>Replaces (or appends) the section between <c>&lt;!-- name:begin --&gt;</c> and <c>&lt;!-- name:end --&gt;</c>.</summary>
    public static void WriteSection(string path, string name, string section)
    {
        string begin = $"<!-- {name}:begin -->", end = $"<!-- {name}:end -->";
        var text = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n\nFigures from the benchmark program (`Dashboard.Benchmarks`); each section names the command that produced it.\n";
        var block = $"{begin}\n{section.TrimEnd()}\n{end}";
        int i = text.IndexOf(begin, StringComparison.Ordinal), j = text.IndexOf(end, StringComparison.Ordinal);
        text = i >= 0 && j > i ? text[..i] + block + text[(j + end.Length)..] : text.TrimEnd() + "\n\n" + block + "\n";
        File.WriteAllText(path, text);
    }
}
