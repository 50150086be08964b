using System.Globalization;

namespace Dashboard.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project Dashboard.Benchmarks -- tick [--sizes 0,1000000,10000000] [--ticks 30] [--output BENCHMARKS.md|-]</c>
/// </summary>
internal static class BenchmarkProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && LatencyCommands.Handles(args[0]))
        {
            return await LatencyCommands.RunAsync(args);
        }

        if (args.Length == 0 || args[0] is not "tick")
        {
            await Console.Error.WriteLineAsync("usage: Dashboard.Benchmarks tick [--sizes 0,1000000,10000000] [--ticks 30] [--output BENCHMARKS.md|-]\n" + LatencyCommands.Usage);
            return 2;
        }

        var sizes = Option(args, "--sizes", "0,1000000,10000000").Split(',').Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var ticks = int.Parse(Option(args, "--ticks", "30"), CultureInfo.InvariantCulture);
        var output = Option(args, "--output", "BENCHMARKS.md");

        var started = DateTime.UtcNow;
        var results = await TickBenchmark.RunAsync(sizes, ticks, Console.Out, CancellationToken.None);
        var section = BenchmarkReport.TickSection(results, ticks, started, string.Join(' ', args));
        Console.WriteLine(section);
        if (output != "-")
        {
            BenchmarkReport.WriteSection(output, "tick", section);
            Console.WriteLine($"written to {output}");
        }

        return 0;
    }

    internal static string Option(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
