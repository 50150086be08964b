using Dashboard.Benchmarks.Shared;
using Microsoft.Extensions.Configuration;

namespace Dashboard.Benchmarks.FanOut;

/// <summary>
/// The hidden <c>serve bare|bare-sendasync|signalr|dashboard|backplane-node --urls http://127.0.0.1:PORT</c> command that <see cref="BenchmarkServer"/>
/// starts as a child process for the fan-out scenario: one server in this process, so its CPU and memory are its own,
/// with the benchmark trigger endpoints (<see cref="FanOutTrigger"/>; a <c>backplane-node</c> is the Dashboard with the
/// backplane scenario's, <see cref="Backplane.BackplaneTrigger"/>). The Dashboard takes its database and signing key
/// from the environment the parent set (<c>ConnectionStrings__Dashboard</c>, <c>Auth__SigningKey</c>). Serves until its
/// standard input closes (the parent also kills it).
/// </summary>
internal static class ServeCommand
{
    public static async Task<int> MainAsync(CommandLine args)
    {
        var port = Uri.TryCreate(args.Text("--urls", ""), UriKind.Absolute, out var urls) ? urls.Port : throw new UsageException("--urls: an http://127.0.0.1:PORT address is required");
        IAsyncDisposable server;
        switch (args[1])
        {
            case "bare" or "bare-sendasync" or "signalr":
                var app = args[1] switch
                {
                    "bare" => ComparisonServers.Bare(port),
                    "bare-sendasync" => ComparisonServers.Bare(port, BareBroadcaster.SendMode.SendAsync),
                    _ => ComparisonServers.SignalR(port),
                };
                await app.StartAsync();
                server = app;
                break;
            case "dashboard" or "backplane-node":
                var environment = new ConfigurationBuilder().AddEnvironmentVariables().Build();
                server = await BenchmarkServer.StartAsync(
                    new BenchmarkServerOptions
                    {
                        ConnectionString = environment.GetConnectionString("Dashboard") ?? throw new UsageException("serve dashboard: ConnectionStrings__Dashboard is not set"),
                        SigningKey = environment["Auth:SigningKey"],
                        InProcess = true,
                        Port = port,
                        ConfigureServices = args[1] == "dashboard" ? DashboardTrigger.AddTo : Backplane.BackplaneTrigger.AddTo,
                    },
                    Console.Out,
                    CancellationToken.None);
                break;
            default:
                throw new UsageException($"serve: unknown server '{args[1]}'");
        }

        await using (server)
        {
            // The parent closing our standard input (or dying) is the signal to stop.
            await Console.In.ReadToEndAsync();
        }

        return 0;
    }
}
