using Dashboard.Benchmarks.Shared;
using System.Globalization;

namespace Dashboard.Benchmarks.Pages;

/// <summary>The <c>pages</c> section of BENCHMARKS.md: one row per page.</summary>
internal static class PagesReport
{
    /// <summary>The 10 % target of issue 7.</summary>
    public const double Target = 0.10;

    public static string Section(IReadOnlyList<PageResult> results, int seconds, int rate, DateTime started, string arguments)
    {
        var s = BenchmarkReport.Begin("## Browser main thread under live updates (issue 7)", started, arguments, "headless Debian Chromium");
        s.AppendLine(CultureInfo.InvariantCulture, $"The real server in a child process; each page opened as an admin at 1280×800, Live over WebSocket. After 3 s of warm-up, {seconds} s measured while the benchmark ingests {rate} call events per second (each one a `call_event` on `calls`, plus the 1 s `metrics`/`campaigns` snapshots they cause; the System page's `system` topic comes once per `Jobs:SystemIntervalSeconds` = 1 s whatever the load). Busy = Chromium's main-thread task time (CDP `Performance.getMetrics` `TaskDuration`, thread ticks) ÷ wall time; script = `ScriptDuration`, layout = `LayoutDuration` + `RecalcStyleDuration`; long tasks = PerformanceObserver `longtask` (> 50 ms). Target: busy < {Target:P0}.");
        s.AppendLine();
        BenchmarkReport.AppendTable(
            s,
            "| page | updates received | updates/s | main thread busy | script | layout + style | long tasks (longest) | < 10 % |",
            "|---|---:|---:|---:|---:|---:|---:|:---:|",
            results,
            r => string.Create(CultureInfo.InvariantCulture, $"| `{r.Route}` | {r.Updates:N0} | {r.Updates / r.Seconds:F1} | {r.Busy * 100:F2} % | {r.Script * 100:F2} % | {r.Layout * 100:F2} % | {r.LongTasks} ({r.LongestTaskMs:F0} ms) | {(r.Busy < Target ? "yes" : "no")} |"));

        return s.ToString();
    }
}
