using Dashboard.Benchmarks.Shared;

namespace Dashboard.Benchmarks.Tick;

/// <summary>The <c>tick</c> command: the 1 s tick's duration against stored history (<see cref="TickBenchmark"/>).</summary>
internal static class TickCommand
{
    public const string Usage = "tick [--sizes 0,1000000,10000000] [--ticks 30] [--output BENCHMARKS.md|-]";

    public static async Task<int> RunAsync(CommandLine args)
    {
        var sizes = args.Ints<long>("--sizes", "0,1000000,10000000");
        var ticks = args.Int("--ticks", 30);
        var started = DateTime.UtcNow;
        var results = await TickBenchmark.RunAsync(sizes, ticks, Console.Out, CancellationToken.None);
        BenchmarkReport.Publish(args, TickReport.TickSection(results, ticks, started, args.ToString()));
        return 0;
    }
}
