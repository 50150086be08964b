using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Benchmarks;

/// <summary>
/// The two comparison servers of the fan-out scenario, each with the scenario's trigger endpoints
/// (<see cref="FanOutTrigger"/>): (a) a minimal Kestrel WebSocket broadcaster, the platform's floor: each message
/// serialised once, the same bytes queued to every socket, one send loop per socket; (b) an ASP.NET Core SignalR hub
/// broadcasting with <c>Clients.All.SendAsync</c>, as an application would.
/// </summary>
internal static class FanOutServers
{
    /// <summary>Every message's frame is about this many bytes on the wire (envelope included).</summary>
    public const int MessageBytes = 300;

    public static WebApplication Bare()
    {
        var builder = CreateBuilder();
        builder.Services.AddSingleton<BareBroadcaster>();
        var app = builder.Build();
        var broadcaster = app.Services.GetRequiredService<BareBroadcaster>();
        // {"type":"bench","seq":123456,"data":"…"}: 39 bytes of envelope with a six-digit seq.
        var padding = new string('x', MessageBytes - 39);
        var seq = 0L;
        FanOutTrigger.Use(app, count =>
        {
            for (var i = 0; i < count; i++)
            {
                var n = Interlocked.Increment(ref seq);
                broadcaster.Broadcast(Encoding.UTF8.GetBytes($"{{\"type\":\"bench\",\"seq\":{n},\"data\":\"{padding}\"}}"));
            }

            return Task.CompletedTask;
        }, () => broadcaster.Count);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        app.Map("/ws", broadcaster.HandleAsync);
        return app;
    }

    public static WebApplication SignalR()
    {
        var builder = CreateBuilder();
        // The load client sends no pings; a long client timeout keeps SignalR from dropping it during a long connect phase.
        builder.Services.AddSignalR(o => o.ClientTimeoutInterval = TimeSpan.FromMinutes(10));
        var app = builder.Build();
        var clients = app.Services.GetRequiredService<IHubContext<BenchHub>>().Clients;
        // {"type":1,"target":"bench","arguments":[123456,"…"]}␞: 52 bytes of envelope with a six-digit seq.
        var padding = new string('x', MessageBytes - 52);
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
        return app;
    }

    /// <summary>The server's base address once started (Kestrel on a free loopback port).</summary>
    public static Uri Address(IServer server) =>
        new(server.Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");

    private static WebApplicationBuilder CreateBuilder()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        // Overrides the Information levels of the appsettings.json that sits in the output folder (the Dashboard's).
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        builder.Configuration["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning";
        return builder;
    }
}

/// <summary>The SignalR hub: no methods; it counts connections so the parent knows when every subscriber is in.</summary>
internal sealed class BenchHub : Hub
{
    public static int Connected;

    // Called after the lifetime manager added the connection: from here on Clients.All reaches it.
    public override Task OnConnectedAsync()
    {
        Interlocked.Increment(ref Connected);
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        Interlocked.Decrement(ref Connected);
        return Task.CompletedTask;
    }
}

/// <summary>The bare broadcaster: a copy-on-write array of per-socket queues, one send loop per socket.</summary>
internal sealed class BareBroadcaster
{
    private readonly Lock _lock = new();
    private Channel<byte[]>[] _subscribers = [];

    public int Count => Volatile.Read(ref _subscribers).Length;

    public void Broadcast(byte[] message)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            subscriber.Writer.TryWrite(message);
        }
    }

    public async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        // Unbounded: the closed-loop driver keeps at most its window in flight.
        var queue = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
        Change(s => [.. s, queue]);
        var send = SendLoopAsync(socket, queue.Reader);
        try
        {
            var buffer = new byte[256];
            while ((await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None)).MessageType != WebSocketMessageType.Close)
            {
            }
        }
        catch (WebSocketException)
        {
            // Client gone.
        }
        finally
        {
            Change(s => Array.FindAll(s, q => q != queue));
            queue.Writer.TryComplete();
            await send;
        }
    }

    private static async Task SendLoopAsync(WebSocket socket, ChannelReader<byte[]> queue)
    {
        try
        {
            while (await queue.WaitToReadAsync())
            {
                while (queue.TryRead(out var message))
                {
                    await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Client gone.
        }
    }

    private void Change(Func<Channel<byte[]>[], Channel<byte[]>[]> change)
    {
        lock (_lock)
        {
            Volatile.Write(ref _subscribers, change(_subscribers));
        }
    }
}
