using Dashboard.Benchmarks.Shared;

namespace Dashboard.Benchmarks.Connections;

/// <summary>
/// The <c>connections</c> command: server memory and heartbeat CPU per idle connection (<see cref="ConnectionsBenchmark"/>).
/// <c>--quick</c>: 200 connections, 1 s heartbeat, seconds.
/// </summary>
internal static class ConnectionsCommand
{
    public const string Usage = "connections [--counts 5000,10000,19000] [--transport ws,sse] [--heartbeat 5] [--window 20] [--quick] [--server-env K=V,…] [--output BENCHMARKS.md|-]";

    public static async Task<int> RunAsync(CommandLine args)
    {
        var counts = args.Ints<int>("--counts", "5000,10000,19000");
        var transports = args.List("--transport", "ws,sse");
        if (transports.Any(t => t is not ("ws" or "sse")))
        {
            throw new UsageException("--transport: ws and/or sse");
        }

        var options = args.Has("--quick")
            ? ConnectionsOptions.Quick() with { Transports = transports }
            : ConnectionsOptions.Full(counts, transports, args.Int("--heartbeat", 5));
        if (args.Has("--window"))
        {
            options = options with { Window = TimeSpan.FromSeconds(args.Int("--window", 20)) };
        }

        options = options with { ServerSettings = args.ServerSettings() };
        var started = DateTime.UtcNow;
        var results = await ConnectionsBenchmark.RunAsync(options, Console.Out, CancellationToken.None);
        BenchmarkReport.Publish(args, ConnectionsReport.Section(results, options, started, args.ToString()));
        return 0;
    }
}
