using Dashboard.Benchmarks.Shared;

namespace Dashboard.Benchmarks.Ingest;

/// <summary>The <c>ingest</c> command: committed events per second and POST → 202 (<see cref="IngestBenchmark"/>).</summary>
internal static class IngestCommand
{
    public const string Usage = "ingest [--batch 100,1000] [--producers 4] [--seconds 15] [--warmup 3] [--server-env K=V,…] [--output BENCHMARKS.md|-]";

    public static async Task<int> RunAsync(CommandLine args)
    {
        var options = new IngestOptions(
            Batches: args.Ints<int>("--batch", "100,1000"),
            Producers: args.Int("--producers", 4), Seconds: args.Int("--seconds", 15), WarmUpSeconds: args.Int("--warmup", 3));
        var started = DateTime.UtcNow;
        var results = await IngestBenchmark.RunAsync(options, Console.Out, CancellationToken.None, args.ServerSettings());
        BenchmarkReport.Publish(args, IngestReport.IngestSection(results, started, args.ToString()));
        return 0;
    }
}
