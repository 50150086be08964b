using Dashboard.Benchmarks.Shared;

namespace Dashboard.Benchmarks.Latency;

/// <summary>The <c>latency</c> command: POST → <c>call_event</c> at every client (<see cref="LatencyBenchmark"/>).</summary>
internal static class LatencyCommand
{
    public const string Usage = "latency [--clients 100,1000] [--rate 1000] [--seconds 20] [--warmup 5] [--batch 1] [--server-env K=V,…] [--output BENCHMARKS.md|-]";

    public static async Task<int> RunAsync(CommandLine args)
    {
        var clients = args.Ints<int>("--clients", "100,1000");
        var options = new LatencyOptions(
            Rate: args.Int("--rate", 1000), Seconds: args.Int("--seconds", 20), WarmUpSeconds: args.Int("--warmup", 5), Batch: args.Int("--batch", 1));
        var started = DateTime.UtcNow;
        var results = await LatencyBenchmark.RunAsync(clients, options, Console.Out, CancellationToken.None, args.ServerSettings());
        BenchmarkReport.Publish(args, LatencyReport.LatencySection(results, started, args.ToString()));
        return 0;
    }
}
