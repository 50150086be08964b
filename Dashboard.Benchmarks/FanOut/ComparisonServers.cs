using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.WebSockets;
using System.Text;

namespace Dashboard.Benchmarks.FanOut;

/// <summary>
/// The two comparison servers of the fan-out scenario, each with the scenario's trigger endpoints
/// (<see cref="FanOutTrigger"/>): (a) the bare Kestrel WebSocket broadcaster, the platform's floor
/// (<see cref="BareBroadcaster"/>: each message framed once, the same bytes queued to every socket's bounded queue, one
/// writer per socket sending what is ready with one flush); (b) an ASP.NET Core SignalR hub broadcasting with
/// <c>Clients.All.SendAsync</c>, as an application would.
/// </summary>
internal static class ComparisonServers
{
    /// <summary>The bare broadcaster on <paramref name="port"/> (loopback), sending as <paramref name="mode"/> says.</summary>
    public static WebApplication Bare(int port, BareBroadcaster.SendMode mode = BareBroadcaster.SendMode.Frames)
    {
        var builder = CreateBuilder(port);
        var app = builder.Build();
        var broadcaster = new BareBroadcaster(mode);
        // {"type":"bench","seq":123456,"data":"…"}: 39 bytes of envelope with a six-digit seq.
        var padding = new string('x', FanOutTrigger.MessageBytes - 39);
        var seq = 0L;
        FanOutTrigger.Use(app, count =>
        {
            for (var i = 0; i < count; i++)
            {
                var n = Interlocked.Increment(ref seq);
                // Serialised and framed once; every subscriber gets these same bytes.
                broadcaster.Broadcast(BareBroadcaster.Frame(Encoding.UTF8.GetBytes($"{{\"type\":\"bench\",\"seq\":{n},\"data\":\"{padding}\"}}")));
            }

            return Task.CompletedTask;
        }, () => broadcaster.Count);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        app.Map("/ws", broadcaster.HandleAsync);
        MapReady(app);
        return app;
    }

    /// <summary>The SignalR hub on <paramref name="port"/> (loopback).</summary>
    public static WebApplication SignalR(int port)
    {
        var builder = CreateBuilder(port);
        // The load client sends no pings; a long client timeout keeps SignalR from dropping it during a long connect phase.
        builder.Services.AddSignalR(o => o.ClientTimeoutInterval = TimeSpan.FromMinutes(10));
        var app = builder.Build();
        var clients = app.Services.GetRequiredService<IHubContext<BenchHub>>().Clients;
        // {"type":1,"target":"bench","arguments":[123456,"…"]}␞: 52 bytes of envelope with a six-digit seq.
        var padding = new string('x', FanOutTrigger.MessageBytes - 52);
        var seq = 0L;
        FanOutTrigger.Use(app, async count =>
        {
            for (var i = 0; i < count; i++)
            {
                await clients.All.SendAsync("bench", Interlocked.Increment(ref seq), padding);
            }
        }, () => Volatile.Read(ref BenchHub.Connected));
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        app.MapHub<BenchHub>("/hub");
        MapReady(app);
        return app;
    }

    private static WebApplicationBuilder CreateBuilder(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        // Overrides the Information levels of the appsettings.json that sits in the output folder (the Dashboard's).
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        builder.Configuration["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning";
        return builder;
    }

    // What the parent polls before it starts (BenchmarkServer), as the Dashboard's own /readyz.
    private static void MapReady(WebApplication app) => app.MapGet("/readyz", () => "ready");
}
