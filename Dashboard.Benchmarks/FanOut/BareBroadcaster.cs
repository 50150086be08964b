using Dashboard.Realtime;
using Dashboard.Realtime.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using System.Buffers;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;

namespace Dashboard.Benchmarks.FanOut;

/// <summary>
/// The fan-out floor: the least work a WebSocket server on Kestrel can do to give every subscriber every message, with
/// the Dashboard's queue discipline so the comparison is fair.
/// </summary>
/// <remarks>
/// <para>
/// Pre-serialised once: <see cref="Frame"/> builds the whole RFC 6455 frame (header and payload) a single time per
/// message; a server's frames are unmasked (RFC 6455 §5.1), so the same <see cref="BareFrame"/> bytes are shared by
/// every subscriber and nothing is copied or framed per socket before the send.
/// </para>
/// <para>
/// Batched sends: each socket has one queue (<see cref="BareSubscriber"/>) drained by one writer loop. Every wake-up
/// takes what is ready (up to <see cref="MaxBatchBytes"/>) and writes it with one <c>WriteAsync</c> on the upgraded
/// stream: Kestrel copies it into its output pipe and flushes once, so one socket send carries the batch. (After an
/// upgrade Kestrel's response <c>BodyWriter</c> throws, and each <c>WriteAsync</c> of the upgraded stream flushes, so
/// concatenating the ready frames into one pooled buffer is the one way to get one flush per batch; a lone frame is
/// written from the shared bytes without a copy.) <see cref="SendMode.SendAsync"/> is the same server with one awaited
/// <see cref="WebSocket.SendAsync(ReadOnlyMemory{byte}, WebSocketMessageType, bool, CancellationToken)"/> per message
/// (what the Dashboard's send loop did before it batched, BENCHMARKS.md optimisation 10), to show what the batching is worth (<c>fanout --servers bare,bare-sendasync</c>).
/// </para>
/// <para>
/// Queue discipline, as the Dashboard's <c>SendQueue</c> with its defaults (<see cref="RealtimeOptions.SendQueueMessages"/>
/// messages, <see cref="RealtimeOptions.SendQueueBytes"/> bytes of payload): past either bound the consumer is slow,
/// the queue stops accepting, what is queued is dropped and the socket is closed with 4008 "slow consumer" (the
/// Dashboard's <c>CloseCodes.Policy</c>); the publisher never waits for a socket. The closing handshake is bounded by
/// <see cref="RealtimeOptions.CloseTimeoutSeconds"/>, then the socket is aborted. The fan-out's closed loop keeps every
/// queue far below the bounds, so they cost only the counting.
/// </para>
/// <para>
/// Receiving (the client's close) goes through the runtime's <see cref="WebSocket"/> over the same stream; the writer
/// loop is the only writer. A client ping would be answered by that <see cref="WebSocket"/> concurrently with the writer
/// loop, so this is a floor for the benchmark's clients (which send none), not a product.
/// </para>
/// </remarks>
internal sealed class BareBroadcaster(BareBroadcaster.SendMode mode)
{
    /// <summary>How the writer loop sends.</summary>
    public enum SendMode
    {
        /// <summary>The ready frames concatenated and written with one flush (the floor).</summary>
        Frames,

        /// <summary>One awaited <c>WebSocket.SendAsync</c> per message, as the Dashboard's send loop did before it batched.</summary>
        SendAsync,
    }

    /// <summary>Most bytes written by one flush: enough to fill a loopback send, bounded so one socket cannot hold a large buffer.</summary>
    public const int MaxBatchBytes = 64 * 1024;

    private const string Rfc6455Guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static readonly RealtimeOptions Defaults = new();
    private readonly Lock _lock = new();
    private BareSubscriber[] _subscribers = [];

    public int Count => Volatile.Read(ref _subscribers).Length;

    /// <summary>A text frame (FIN, opcode 1, unmasked) holding <paramref name="payload"/>: built once, sent to everyone.</summary>
    public static BareFrame Frame(ReadOnlySpan<byte> payload)
    {
        var bytes = new byte[WebSocketFrames.FrameBytes(payload.Length)];
        WebSocketFrames.WriteText(bytes, payload);
        return new BareFrame(bytes, WebSocketFrames.HeaderBytes(payload.Length));
    }

    /// <summary>Queues <paramref name="frame"/> to every subscriber; never waits (a slow one closes itself).</summary>
    public void Broadcast(BareFrame frame)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            subscriber.Offer(frame);
        }
    }

    public async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest || context.Features.Get<IHttpUpgradeFeature>() is not { IsUpgradableRequest: true } upgrade)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        // The handshake by hand (RFC 6455 §4.2.2), so the writer loop holds the upgraded stream itself.
        var key = context.Request.Headers.SecWebSocketKey.ToString();
        context.Response.Headers.Connection = "Upgrade";
        context.Response.Headers.Upgrade = "websocket";
        context.Response.Headers.SecWebSocketAccept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + Rfc6455Guid)));
        await using var stream = await upgrade.UpgradeAsync();
        using var socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
        var subscriber = new BareSubscriber(Defaults.SendQueueMessages, Defaults.SendQueueBytes);
        Change(s => [.. s, subscriber]);
        var send = mode == SendMode.Frames ? WriteFramesAsync(stream, socket, subscriber) : SendMessagesAsync(socket, subscriber);
        var receive = ReceiveAsync(socket, subscriber);
        try
        {
            await Task.WhenAny(send, receive);
            subscriber.Complete();
            var both = Task.WhenAll(send, receive);
            if (await Task.WhenAny(both, Task.Delay(TimeSpan.FromSeconds(Defaults.CloseTimeoutSeconds))) != both)
            {
                // The socket's Abort alone leaves a read on Kestrel's upgraded stream pending: end the connection itself.
                socket.Abort();
                context.Abort();
            }

            await both;
        }
        finally
        {
            Change(s => Array.FindAll(s, q => q != subscriber));
        }
    }

    private static async Task ReceiveAsync(WebSocket socket, BareSubscriber subscriber)
    {
        try
        {
            var buffer = new byte[256];
            while ((await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None)).MessageType != WebSocketMessageType.Close)
            {
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            // Client gone.
        }

        subscriber.Complete();
    }

    private static async Task WriteFramesAsync(Stream stream, WebSocket socket, BareSubscriber subscriber)
    {
        try
        {
            while (await subscriber.Reader.WaitToReadAsync() && !subscriber.Overflowed)
            {
                if (!subscriber.Reader.TryRead(out var first))
                {
                    continue;
                }

                if (!subscriber.Reader.TryPeek(out var second) || first.Bytes.Length + second.Bytes.Length > MaxBatchBytes)
                {
                    // A lone frame (or one too big to share a batch): written from the shared bytes, no copy.
                    subscriber.Sent(1, first.PayloadLength);
                    await stream.WriteAsync(first.Bytes);
                    continue;
                }

                var buffer = ArrayPool<byte>.Shared.Rent(MaxBatchBytes);
                try
                {
                    var (length, count, payload) = (0, 0, 0L);
                    var frame = first;
                    while (true)
                    {
                        frame.Bytes.CopyTo(buffer.AsSpan(length));
                        (length, count, payload) = (length + frame.Bytes.Length, count + 1, payload + frame.PayloadLength);
                        if (!subscriber.Reader.TryPeek(out var next) || length + next.Bytes.Length > buffer.Length)
                        {
                            break;
                        }

                        subscriber.Reader.TryRead(out frame);
                    }

                    subscriber.Sent(count, payload);
                    await stream.WriteAsync(buffer.AsMemory(0, length));
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }

            await CloseAsync(socket, subscriber);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            // Client gone.
        }
    }

    private static async Task SendMessagesAsync(WebSocket socket, BareSubscriber subscriber)
    {
        try
        {
            while (await subscriber.Reader.WaitToReadAsync() && !subscriber.Overflowed)
            {
                while (!subscriber.Overflowed && subscriber.Reader.TryRead(out var frame))
                {
                    subscriber.Sent(1, frame.PayloadLength);
                    await socket.SendAsync(frame.Payload, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
                }
            }

            await CloseAsync(socket, subscriber);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            // Client gone.
        }
    }

    // 4008 when the queue overflowed (what it held is dropped), else a normal close; the client's answer ends the receive loop.
    private static Task CloseAsync(WebSocket socket, BareSubscriber subscriber) =>
        socket.State is WebSocketState.Open or WebSocketState.CloseReceived
            ? subscriber.Overflowed
                ? socket.CloseOutputAsync((WebSocketCloseStatus)4008, "slow consumer", CancellationToken.None)
                : socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None)
            : Task.CompletedTask;

    private void Change(Func<BareSubscriber[], BareSubscriber[]> change)
    {
        lock (_lock)
        {
            Volatile.Write(ref _subscribers, change(_subscribers));
        }
    }
}

/// <summary>One message as the bare broadcaster sends it: a whole WebSocket frame, shared by every subscriber.</summary>
/// <param name="Bytes">Header and payload.</param>
/// <param name="HeaderLength">Bytes of frame header before the payload.</param>
internal readonly record struct BareFrame(byte[] Bytes, int HeaderLength)
{
    public ReadOnlyMemory<byte> Payload => Bytes.AsMemory(HeaderLength);

    public int PayloadLength => Bytes.Length - HeaderLength;
}
