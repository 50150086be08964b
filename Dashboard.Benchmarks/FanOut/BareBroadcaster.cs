using Microsoft.AspNetCore.Http;
using System.Net.WebSockets;
using System.Threading.Channels;

namespace Dashboard.Benchmarks.FanOut;

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
