using Dashboard.Benchmarks.Shared;

namespace Dashboard.Benchmarks.Pages;

/// <summary>The <c>pages</c> command: the browser main thread on each live page (<see cref="PagesBenchmark"/>).</summary>
internal static class PagesCommand
{
    public const string Usage = "pages [--routes /,/calls,/campaigns,/queues,/wallboard,/system] [--seconds 20] [--rate 10] [--output BENCHMARKS.md|-]";

    public static async Task<int> RunAsync(CommandLine args)
    {
        var routes = args.List("--routes", "/,/calls,/campaigns,/queues,/wallboard,/system");
        var seconds = args.Int("--seconds", 20);
        var rate = args.Int("--rate", 10);
        var started = DateTime.UtcNow;
        var results = await PagesBenchmark.RunAsync(routes, seconds, rate, Console.Out, CancellationToken.None);
        BenchmarkReport.Publish(args, PagesReport.Section(results, seconds, rate, started, args.ToString()));
        return 0;
    }
}
