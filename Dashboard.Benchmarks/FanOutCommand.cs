using System.Globalization;

namespace Dashboard.Benchmarks;

/// <summary><c>fanout [--subscribers 1000,10000] [--seconds 20] [--window 200] [--servers bare,signalr,dashboard] [--output BENCHMARKS.md|-]</c>.</summary>
internal static class FanOutCommand
{
    public static FanOutOptions Parse(string[] args) => new(
        BenchmarkProgram.Option(args, "--subscribers", "1000,10000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList(),
        int.Parse(BenchmarkProgram.Option(args, "--seconds", "20"), CultureInfo.InvariantCulture),
        int.Parse(BenchmarkProgram.Option(args, "--window", "200"), CultureInfo.InvariantCulture),
        BenchmarkProgram.Option(args, "--servers", string.Join(',', FanOutBenchmark.Servers)).Split(','));

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Parse(args);
        var output = BenchmarkProgram.Option(args, "--output", "BENCHMARKS.md");
        var started = DateTime.UtcNow;
        var results = await FanOutBenchmark.RunAsync(options, Console.Out, CancellationToken.None);
        var section = FanOutReport.Section(results, options, started, string.Join(' ', args));
        Console.WriteLine(section);
        if (output != "-")
        {
            BenchmarkReport.WriteSection(output, "fanout", section);
            Console.WriteLine($"written to {output}");
        }

        return 0;
    }
}
