using System.Text;
using Dashboard.Benchmarks.Connections;
using Dashboard.Benchmarks.FanOut;
using Dashboard.Benchmarks.Ingest;
using Dashboard.Benchmarks.Latency;
using Dashboard.Benchmarks.Pages;
using Dashboard.Benchmarks.Scrape;
using Dashboard.Benchmarks.Shared;
using Dashboard.Benchmarks.Soak;
using Dashboard.Benchmarks.Tick;

namespace Dashboard.Benchmarks;

/// <summary>
/// The benchmark program's one command dispatcher: <c>dotnet run -c Release --project Dashboard.Benchmarks --
/// &lt;command&gt; [options]</c>, one scenario folder per command, each writing its section of BENCHMARKS.md
/// (<c>--output -</c> prints it only). <c>all</c> runs every scenario of kind <see cref="ScenarioKind.InAll"/>, in the
/// table's order, with the same options; <c>serve</c> and <c>connect-clients</c> are the child processes scenarios start.
/// </summary>
internal static class BenchmarkProgram
{
    private static readonly Scenario[] Scenarios =
    [
        new("tick", TickCommand.Usage, TickCommand.RunAsync),
        new("fanout", FanOutCommand.Usage, FanOutCommand.RunAsync),
        new("connections", ConnectionsCommand.Usage, ConnectionsCommand.RunAsync),
        new("latency", LatencyCommand.Usage, LatencyCommand.RunAsync),
        new("ingest", IngestCommand.Usage, IngestCommand.RunAsync),
        new("pages", PagesCommand.Usage, PagesCommand.RunAsync),
        new("soak", SoakCommand.Usage, SoakCommand.RunAsync, ScenarioKind.OnItsOwn),
        new("scrape", ScrapeCommand.Usage, ScrapeCommand.RunAsync, ScenarioKind.OnItsOwn),
        new("serve", ServeCommand.Usage, ServeCommand.RunAsync, ScenarioKind.ChildProcess),
        new(IdleClients.Command, IdleClients.Usage, IdleClients.RunAsync, ScenarioKind.ChildProcess),
    ];

    public static async Task<int> Main(string[] args)
    {
        var line = new CommandLine(args);
        switch (line.Command)
        {
            case "--help" or "-h" or "help":
                Console.WriteLine(Usage());
                return 0;
            case "all":
                // Every table of BENCHMARKS.md, one scenario after the other (never two loads at once).
                foreach (var scenario in Scenarios.Where(s => s.Kind == ScenarioKind.InAll))
                {
                    if (await RunAsync(scenario, line.WithCommand(scenario.Name)) is var code and not 0)
                    {
                        return code;
                    }
                }

                return 0;
        }

        if (Scenarios.FirstOrDefault(s => s.Name == line.Command) is { } chosen)
        {
            return await RunAsync(chosen, line);
        }

        await Console.Error.WriteLineAsync((line.Command.Length > 0 ? $"unknown command '{line.Command}'\n" : "") + Usage());
        return 2;
    }

    private static async Task<int> RunAsync(Scenario scenario, CommandLine line)
    {
        try
        {
            return await scenario.RunAsync(line);
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync($"{e.Message}\nusage: {scenario.Usage}");
            return 2;
        }
    }

    private static string Usage()
    {
        var s = new StringBuilder("usage: dotnet run -c Release --project Dashboard.Benchmarks -- <command> [options]\n");
        s.Append("  all [--output BENCHMARKS.md|-]   ")
            .AppendJoin(", ", Scenarios.Where(x => x.Kind == ScenarioKind.InAll).Select(x => x.Name))
            .Append(", one after another\n");
        foreach (var scenario in Scenarios.Where(x => x.Kind != ScenarioKind.ChildProcess))
        {
            s.Append("  ").Append(scenario.Usage).Append(scenario.Kind == ScenarioKind.OnItsOwn ? "   (not part of all)\n" : "\n");
        }

        return s.ToString().TrimEnd();
    }
}
