using System.Globalization;

namespace Dashboard.Benchmarks;

/// <summary>
/// The benchmark program: <c>dotnet run -c Release --project Dashboard.Benchmarks -- &lt;scenario&gt; [options]</c>, one
/// scenario per command (<c>tick</c>, <c>fanout</c>, <c>connections</c>, <c>latency</c>, <c>ingest</c>, <c>pages</c>; <c>all</c> runs
/// every one; <c>soak</c>, 30 min, only on its own), each writing its section of BENCHMARKS.md
/// (<c>--output -</c> prints it only). <c>serve</c> and <c>connect-clients</c> are the child processes scenarios start.
/// </summary>
internal static class BenchmarkProgram
{
    /// <summary>What <c>all</c> runs, in order.</summary>
    private static readonly string[] AllScenarios = ["tick", "fanout", "connections", "latency", "ingest", "pages"];

    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && LatencyCommands.Handles(args[0]))
        {
            return await LatencyCommands.RunAsync(args);
        }

        switch (args.FirstOrDefault())
        {
            case "all":
                // Every table of BENCHMARKS.md, one scenario after the other (never two loads at once), with the
                // remaining arguments (e.g. --output) passed to each.
                foreach (var scenario in AllScenarios)
                {
                    if (await Main([scenario, .. args.Skip(1)]) is var code and not 0)
                    {
                        return code;
                    }
                }

                return 0;
            case IdleClients.Command:
                return await IdleClients.RunAsync(args);
            case "connections":
                return await ConnectionsCommand.RunAsync(args);
            case "pages":
                return await PagesCommand.RunAsync(args);
            case "fanout":
                return await FanOutCommand.RunAsync(args);
            case "serve":
                return await FanOutServe.RunAsync(args);
            case SoakCommand.Name:
                return await SoakCommand.RunAsync(args);
            case ScrapeCommand.Name:
                return await ScrapeCommand.RunAsync(args);
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

    /// <summary>
    /// <c>--server-env K=V,K2=V2</c>: configuration keys or runtime variables for the server process (e.g. a before/after
    /// experiment such as <c>Ingestion:GroupCommitMaxEvents=0</c> or <c>DOTNET_gcServer=0</c>); null when absent.
    /// </summary>
    internal static Dictionary<string, string>? ServerEnvironment(string[] args) =>
        Option(args, "--server-env", "") is { Length: > 0 } text
            ? text.Split(',').Select(kv => kv.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : "")
            : null;

    internal static string Option(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
