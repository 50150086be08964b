using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Benchmarks;

/// <summary>
/// The hidden <c>serve bare|signalr|dashboard [--connection-string …]</c> command: one fan-out server in this process,
/// so its CPU and memory are its own. Prints <c>ready &lt;base address&gt; &lt;token or -&gt;</c>, then serves until
/// its standard input closes (the parent also kills it).
/// </summary>
internal static class FanOutServe
{
    public const string ReadyPrefix = "ready ";

    public static async Task<int> RunAsync(string[] args)
    {
        var kind = args.Length > 1 ? args[1] : "";
        Uri address;
        string token = "-";
        IAsyncDisposable server;
        switch (kind)
        {
            case "bare" or "signalr":
                var app = kind == "bare" ? FanOutServers.Bare() : FanOutServers.SignalR();
                await app.StartAsync();
                address = FanOutServers.Address(app.Services.GetRequiredService<IServer>());
                server = app;
                break;
            case "dashboard":
                var i = Array.IndexOf(args, "--connection-string");
                var host = new FanOutDashboardHost(i > 0 && i + 1 < args.Length ? args[i + 1] : throw new ArgumentException("serve dashboard needs --connection-string"));
                await host.StartAsync();
                address = host.BaseAddress;
                token = host.Token();
                server = host;
                break;
            default:
                await Console.Error.WriteLineAsync("usage: Dashboard.Benchmarks serve bare|signalr|dashboard [--connection-string CS]");
                return 2;
        }

        await using (server)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ReadyPrefix}{address} {token} {Environment.ProcessId}"));
            await Console.Out.FlushAsync();
            // The parent closing our standard input (or dying) is the signal to stop.
            await Console.In.ReadToEndAsync();
        }

        return 0;
    }
}
