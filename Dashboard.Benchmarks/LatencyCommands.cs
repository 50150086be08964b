using System.Globalization;

namespace Dashboard.Benchmarks;

/// <summary>
/// <c>latency [--clients 100,1000] [--rate 1000] [--seconds 20] [--warmup 5] [--batch 1] [--output BENCHMARKS.md|-]</c> and
/// <c>ingest [--batch 100,1000] [--producers 4] [--seconds 15] [--warmup 3] [--output BENCHMARKS.md|-]</c>.
/// </summary>
internal static class LatencyCommands
{
    public const string Usage =
        "latency [--clients 100,1000] [--rate 1000] [--seconds 20] [--warmup 5] [--batch 1] [--server-env K=V,…] [--output BENCHMARKS.md|-]\n" +
        "ingest [--batch 100,1000] [--producers 4] [--seconds 15] [--warmup 3] [--server-env K=V,…] [--output BENCHMARKS.md|-]";

    public static bool Handles(string command) => command is "latency" or "ingest";

    public static async Task<int> RunAsync(string[] args)
    {
        var started = DateTime.UtcNow;
        string section;
        if (args[0] == "latency")
        {
            var clients = Ints(args, "--clients", "100,1000");
            var options = new LatencyOptions(
                Rate: Int(args, "--rate", 1000), Seconds: Int(args, "--seconds", 20), WarmUpSeconds: Int(args, "--warmup", 5), Batch: Int(args, "--batch", 1));
            var results = await LatencyBenchmark.RunAsync(clients, options, Console.Out, CancellationToken.None, BenchmarkProgram.ServerEnvironment(args));
            section = LatencyReport.LatencySection(results, started, string.Join(' ', args));
        }
        else
        {
            var options = new IngestOptions(
                Batches: Ints(args, "--batch", "100,1000"),
                Producers: Int(args, "--producers", 4), Seconds: Int(args, "--seconds", 15), WarmUpSeconds: Int(args, "--warmup", 3));
            var results = await IngestBenchmark.RunAsync(options, Console.Out, CancellationToken.None, BenchmarkProgram.ServerEnvironment(args));
            section = LatencyReport.IngestSection(results, started, string.Join(' ', args));
        }

        Console.WriteLine(section);
        var output = BenchmarkProgram.Option(args, "--output", "BENCHMARKS.md");
        if (output != "-")
        {
            BenchmarkReport.WriteSection(output, args[0], section);
            Console.WriteLine($"written to {output}");
        }

        return 0;
    }

    private static List<int> Ints(string[] args, string name, string fallback) =>
        [.. BenchmarkProgram.Option(args, name, fallback).Split(',').Select(b => int.Parse(b, CultureInfo.InvariantCulture))];

    private static int Int(string[] args, string name, int fallback) =>
        int.Parse(BenchmarkProgram.Option(args, name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
}
