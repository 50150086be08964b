using Dashboard.Benchmarks.Backplane;
using Dashboard.Benchmarks.ChatTick;
using Dashboard.Benchmarks.CommerceTick;
using Dashboard.Benchmarks.Connections;
using Dashboard.Benchmarks.FanOut;
using Dashboard.Benchmarks.Ingest;
using Dashboard.Benchmarks.Latency;
using Dashboard.Benchmarks.Pages;
using Dashboard.Benchmarks.Scrape;
using Dashboard.Benchmarks.Shared;
using Dashboard.Benchmarks.Soak;
using Dashboard.Benchmarks.Tick;
using System.Text;

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
        new(
            "tick",
            "[--sizes 0,1000000,10000000] [--ticks 30] [--output BENCHMARKS.md|-]",
            TickBenchmark.MainAsync),
        new(
            "chat-tick",
            "[--messages 10000,100000,1000000] [--ticks 100] [--output BENCHMARKS.md|-]",
            ChatTickBenchmark.MainAsync),
        new(
            "commerce-tick",
            "[--transactions 10000,100000,1000000] [--users 1000000] [--ticks 100] [--runs 2] [--output BENCHMARKS.md|-]",
            CommerceTickBenchmark.MainAsync),
        new(
            "fanout",
            "[--subscribers 1000,10000] [--seconds 20] [--window 200] [--servers bare,signalr,dashboard (also: bare-sendasync)] [--output BENCHMARKS.md|-]",
            FanOutBenchmark.MainAsync),
        new(
            "connections",
            "[--counts 5000,10000,19000] [--transport ws,sse] [--heartbeat 5] [--window 20] [--quick] [--server-env K=V,…] [--gcdump DIR] [--output BENCHMARKS.md|-]",
            ConnectionsBenchmark.MainAsync),
        new(
            "latency",
            "[--clients 100,1000] [--rate 1000] [--seconds 20] [--warmup 5] [--batch 1] [--server-env K=V,…] [--output BENCHMARKS.md|-]\n" +
            "  latency [--server name=path/Dashboard.dll,…] [--rates 100,300,1000] [--knee [--knee-start 100] [--knee-max 16000] [--knee-steps 8]] [--clients 100] [--seconds 20] [--warmup 30] [--batch 1] [--server-env K=V,…] [--output BENCHMARKS.md|-]   (the curve, section latency-curve)",
            LatencyBenchmark.MainAsync),
        new(
            "ingest",
            "[--batch 100,1000] [--producers 4] [--seconds 15] [--warmup 3] [--server-env K=V,…] [--output BENCHMARKS.md|-]",
            IngestBenchmark.MainAsync),
        new(
            "pages",
            "[--routes /,/calls,/campaigns,/queues,/wallboard,/system] [--seconds 20] [--rate 10] [--output BENCHMARKS.md|-]",
            PagesBenchmark.MainAsync),
        new(
            "soak",
            "[--clients 2000] [--minutes 30] [--interval 30] [--warmup 5] [--rate-factor 10] [--machine \"note\"] [--server-env K=V,…] [--output BENCHMARKS.md|-] [--replay run.log --started yyyy-MM-ddTHH:mm]",
            SoakBenchmark.MainAsync, ScenarioKind.OnItsOwn),
        new(
            "scrape",
            "[--server name=path/Dashboard.dll,…] [--tenants 40] [--queues 10] [--campaigns 15] [--clients 20] [--scrapes 100] [--concurrency 4] [--rounds 2] [--output BENCHMARKS.md|-]",
            ScrapeBenchmark.MainAsync, ScenarioKind.OnItsOwn),
        new(
            "backplane",
            "[--nodes 1,3] [--rates 2000,5000,10000,20000,40000,80000] [--seconds 10] [--warmup 3] [--tenants 20] [--ingest-batch 100,1000|0] [--ingest-producers 4] [--ingest-seconds 10] [--server-env K=V,…] [--output BENCHMARKS.md|-]",
            BackplaneBenchmark.MainAsync, ScenarioKind.OnItsOwn),
        new(
            "serve",
            "bare|bare-sendasync|signalr|dashboard|backplane-node --urls http://127.0.0.1:PORT",
            ServeCommand.MainAsync, ScenarioKind.ChildProcess),
        new(
            IdleClients.Command,
            "--transport ws|sse --count N --server http://127.0.0.1:P/ --token T [--source 127.0.0.K] [--topic metrics] [--max-seconds 3600]",
            IdleClients.MainAsync, ScenarioKind.ChildProcess),
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
