using System.Globalization;
using System.Text;

namespace Dashboard.Benchmarks;

/// <summary><c>pages [--routes /,/calls,/campaigns,/queues,/wallboard,/system] [--seconds 20] [--rate 10] [--output BENCHMARKS.md|-]</c>: the browser main-thread benchmark.</summary>
internal static class PagesCommand
{
    /// <summary>The 10 % target of issue 7.</summary>
    public const double Target = 0.10;

    public static async Task<int> RunAsync(string[] args)
    {
        var routes = BenchmarkProgram.Option(args, "--routes", "/,/calls,/campaigns,/queues,/wallboard,/system").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var seconds = int.Parse(BenchmarkProgram.Option(args, "--seconds", "20"), CultureInfo.InvariantCulture);
        var rate = int.Parse(BenchmarkProgram.Option(args, "--rate", "10"), CultureInfo.InvariantCulture);
        var output = BenchmarkProgram.Option(args, "--output", "BENCHMARKS.md");
        var started = DateTime.UtcNow;
        var results = await PagesBenchmark.RunAsync(routes, seconds, rate, Console.Out, CancellationToken.None);
        var section = Section(results, seconds, rate, started, string.Join(' ', args));
        Console.WriteLine(section);
        if (output != "-")
        {
            BenchmarkReport.WriteSection(output, "pages", section);
            Console.WriteLine($"written to {output}");
        }

        return 0;
    }

    public static string Section(IReadOnlyList<PageResult> results, int seconds, int rate, DateTime started, string arguments)
    {
        var s = new StringBuilder();
        s.AppendLine("## Browser main thread under live updates (issue 7)");
        s.AppendLine();
        s.AppendLine(BenchmarkReport.RunLine(started, arguments, "headless Debian Chromium"));
        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"The real server in a child process; each page opened as an admin at 1280×800, Live over WebSocket. After 3 s of warm-up, {seconds} s measured while the benchmark ingests {rate} call events per second (each one a `call_event` on `calls`, plus the 1 s `metrics`/`campaigns` snapshots they cause; the System page's `system` topic comes once per `Jobs:SystemIntervalSeconds` = 1 s whatever the load). Busy = Chromium's main-thread task time (CDP `Performance.getMetrics` `TaskDuration`, thread ticks) ÷ wall time; script = `ScriptDuration`, layout = `LayoutDuration` + `RecalcStyleDuration`; long tasks = PerformanceObserver `longtask` (> 50 ms). Target: busy < {Target:P0}.");
        s.AppendLine();
        s.AppendLine("| page | updates received | updates/s | main thread busy | script | layout + style | long tasks (longest) | < 10 % |");
        s.AppendLine("|---|---:|---:|---:|---:|---:|---:|:---:|");
        foreach (var r in results)
        {
            s.AppendLine(CultureInfo.InvariantCulture,
                $"| `{r.Route}` | {r.Updates:N0} | {r.Updates / r.Seconds:F1} | {r.Busy * 100:F2} % | {r.Script * 100:F2} % | {r.Layout * 100:F2} % | {r.LongTasks} ({r.LongestTaskMs:F0} ms) | {(r.Busy < Target ? "yes" : "no")} |");
        }

        return s.ToString();
    }
}
