using Dashboard.Benchmarks.Shared;

namespace Dashboard.Benchmarks.FanOut;

/// <summary>The <c>fanout</c> command: one topic to N subscribers on three servers (<see cref="FanOutBenchmark"/>).</summary>
internal static class FanOutCommand
{
    public const string Usage = "fanout [--subscribers 1000,10000] [--seconds 20] [--window 200] [--servers bare,signalr,dashboard] [--output BENCHMARKS.md|-]";

    public static async Task<int> RunAsync(CommandLine args)
    {
        var options = new FanOutOptions(
            args.Ints<int>("--subscribers", "1000,10000"), args.Int("--seconds", 20), args.Int("--window", 200),
            args.List("--servers", string.Join(',', FanOutBenchmark.Servers)));
        var started = DateTime.UtcNow;
        var results = await FanOutBenchmark.RunAsync(options, Console.Out, CancellationToken.None);
        BenchmarkReport.Publish(args, FanOutReport.Section(results, options, started, args.ToString()));
        return 0;
    }
}
