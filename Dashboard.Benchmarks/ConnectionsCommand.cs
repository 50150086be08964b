using System.Globalization;

namespace Dashboard.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project Dashboard.Benchmarks -- connections [--counts 5000,10000,19000] [--transport ws,sse]
/// [--heartbeat 5] [--window 20] [--quick] [--server-env K=V,…] [--output BENCHMARKS.md|-]</c>. <c>--quick</c>: 200 connections, 1 s heartbeat, seconds.
/// </summary>
internal static class ConnectionsCommand
{
    public const string Name = "connections";

    public static async Task<int> RunAsync(string[] args)
    {
        var counts = BenchmarkProgram.Option(args, "--counts", "5000,10000,19000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var transports = BenchmarkProgram.Option(args, "--transport", "ws,sse").Split(',').ToList();
        if (transports.Any(t => t is not ("ws" or "sse")))
        {
            await Console.Error.WriteLineAsync("usage: connections [--counts 5000,10000,19000] [--transport ws,sse] [--heartbeat 5] [--window 20] [--quick] [--server-env K=V,…] [--output BENCHMARKS.md|-]");
            return 2;
        }

        var heartbeat = int.Parse(BenchmarkProgram.Option(args, "--heartbeat", "5"), CultureInfo.InvariantCulture);
        var options = args.Contains("--quick")
            ? ConnectionsOptions.Quick() with { Transports = transports }
            : ConnectionsOptions.Full(counts, transports, heartbeat);
        if (Array.IndexOf(args, "--window") >= 0)
        {
            options = options with { Window = TimeSpan.FromSeconds(int.Parse(BenchmarkProgram.Option(args, "--window", "20"), CultureInfo.InvariantCulture)) };
        }

        options = options with { ServerSettings = BenchmarkProgram.ServerEnvironment(args) };
        var output = BenchmarkProgram.Option(args, "--output", "BENCHMARKS.md");

        var started = DateTime.UtcNow;
        var results = await ConnectionsBenchmark.RunAsync(options, Console.Out, CancellationToken.None);
        var section = ConnectionsReport.Section(results, options, started, string.Join(' ', args));
        Console.WriteLine(section);
        if (output != "-")
        {
            BenchmarkReport.WriteSection(output, Name, section);
            Console.WriteLine($"written to {output}");
        }

        return 0;
    }
}
