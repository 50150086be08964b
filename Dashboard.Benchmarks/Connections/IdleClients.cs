using Dashboard.Benchmarks.Shared;
using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;

namespace Dashboard.Benchmarks.Connections;

/// <summary>
/// The hidden <c>connect-clients</c> command, run as a child process by <see cref="ClientFleet"/>: opens N idle,
/// authenticated WebSocket or SSE connections from one source address, prints <c>ready OPENED FAILED</c>, then keeps
/// them open (answering every <c>ping</c> with <c>pong</c>), prints <c>stats OPEN CLOSED PINGS OTHER</c> for each
/// <c>stats</c> line on stdin, and exits when stdin closes or after <c>--max-seconds</c>.
/// </summary>
/// <remarks>
/// Raw sockets (the upgrade and the SSE request written by hand, then <see cref="WebSocket.CreateFromStream(Stream, WebSocketCreationOptions)"/>)
/// keep the client small: zero-byte reads hold no buffer while idle, so tens of thousands fit in one process.
/// </remarks>
internal static class IdleClients
{
    public const string Command = "connect-clients";

    private static readonly byte[] PingType = "\"type\":\"ping\""u8.ToArray();
    private static readonly byte[] SsePing = ": ping"u8.ToArray();
    private static readonly byte[] Pong = "{\"type\":\"pong\"}"u8.ToArray();
    private static int s_open, s_closed, s_failed;
    private static long s_pings, s_other;

    public static async Task<int> MainAsync(CommandLine args)
    {
        var transport = args.Text("--transport", "ws");
        var count = args.Int("--count", 1);
        var server = new Uri(args.Text("--server", "http://127.0.0.1:5080/"));
        var token = args.Text("--token", "");
        var source = IPAddress.Parse(args.Text("--source", "127.0.0.1"));
        var topic = args.Text("--topic", "metrics");
        var maxSeconds = args.Int("--max-seconds", 3600);
        var endpoint = new IPEndPoint(IPAddress.Parse(server.Host), server.Port);
        using var lifetime = new CancellationTokenSource(TimeSpan.FromSeconds(maxSeconds));

        // A bounded number of handshakes in flight: the server's accept backlog and the auth cost stay reasonable.
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = lifetime.Token }, async (index, ct) =>
        {
            for (var attempt = 1; attempt <= 3; attempt++)
            {
                try
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    timeout.CancelAfter(TimeSpan.FromSeconds(30));
                    if (transport == "sse")
                    {
                        var socket = await OpenSseAsync(source, endpoint, server, token, topic, timeout.Token);
                        _ = KeepSseAsync(socket);
                    }
                    else
                    {
                        var ws = await OpenWebSocketAsync(source, endpoint, server, token, topic, timeout.Token);
                        _ = KeepWebSocketAsync(ws);
                    }

                    Interlocked.Increment(ref s_open);
                    return;
                }
                catch (Exception ex) when (ex is SocketException or IOException or WebSocketException or InvalidDataException or OperationCanceledException && !ct.IsCancellationRequested)
                {
                    if (attempt == 3)
                    {
                        Interlocked.Increment(ref s_failed);
                        await Console.Error.WriteLineAsync($"connect failed: {ex.Message}");
                    }
                    else
                    {
                        await Task.Delay(200 * attempt, ct);
                    }
                }
            }
        });

        Console.WriteLine($"ready {s_open} {s_failed}");
        while (!lifetime.IsCancellationRequested)
        {
            string? line;
            try
            {
                line = await Console.In.ReadLineAsync(lifetime.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            if (line is null)
            {
                break;
            }

            if (line == "stats")
            {
                Console.WriteLine($"stats {Volatile.Read(ref s_open)} {Volatile.Read(ref s_closed)} {Interlocked.Read(ref s_pings)} {Interlocked.Read(ref s_other)}");
            }
        }

        // Exiting closes every socket at once; the server sees the resets and cleans up.
        return 0;
    }

    private static async Task<Socket> ConnectAsync(IPAddress source, IPEndPoint server, string request, string expectedStatus, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = 4096, SendBufferSize = 4096 };
        try
        {
            // IP_BIND_ADDRESS_NO_PORT (Linux): the ephemeral port is chosen at connect, per destination, not reserved at bind.
            socket.SetRawSocketOption(0, 24, BitConverter.GetBytes(1));
            socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(server, ct);
            await socket.SendAsync(Encoding.ASCII.GetBytes(request), ct);

            // Read the response head; the server sends nothing more before our next message (WebSocket), or the
            // stream's first bytes, which an idle reader ignores anyway (SSE).
            var buffer = new byte[4096];
            var length = 0;
            while (buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8) < 0)
            {
                var n = await socket.ReceiveAsync(buffer.AsMemory(length), ct);
                length += n > 0 && length + n < buffer.Length ? n : throw new InvalidDataException("response head cut short or too long");
            }

            var status = Encoding.ASCII.GetString(buffer, 0, Math.Min(length, 12));
            return status == expectedStatus ? socket : throw new InvalidDataException($"unexpected response '{status}'");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<WebSocket> OpenWebSocketAsync(IPAddress source, IPEndPoint endpoint, Uri server, string token, string topic, CancellationToken ct)
    {
        // Sec-WebSocket-Accept is not checked: a loopback benchmark against our own server.
        var key = Convert.ToBase64String(Guid.NewGuid().ToByteArray());
        var socket = await ConnectAsync(source, endpoint,
            $"GET /ws HTTP/1.1\r\nHost: {server.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n",
            "HTTP/1.1 101", ct);
        var ws = WebSocket.CreateFromStream(new NetworkStream(socket, ownsSocket: true), new WebSocketCreationOptions { IsServer = false, KeepAliveInterval = TimeSpan.Zero });
        try
        {
            await SendAsync(ws, Encoding.UTF8.GetBytes($"{{\"type\":\"auth\",\"token\":\"{token}\"}}"), ct);
            await ExpectAsync(ws, "auth_success", ct);
            await SendAsync(ws, Encoding.UTF8.GetBytes($"{{\"type\":\"subscribe\",\"id\":\"s\",\"topics\":[\"{topic}\"]}}"), ct);
            await ExpectAsync(ws, "subscribed", ct);
            return ws;
        }
        catch
        {
            ws.Abort();
            ws.Dispose();
            throw;
        }
    }

    private static Task<Socket> OpenSseAsync(IPAddress source, IPEndPoint endpoint, Uri server, string token, string topic, CancellationToken ct) =>
        ConnectAsync(source, endpoint,
            $"GET /sse?topics={Uri.EscapeDataString(topic)} HTTP/1.1\r\nHost: {server.Authority}\r\nAuthorization: Bearer {token}\r\nAccept: text/event-stream\r\n\r\n",
            "HTTP/1.1 200", ct);

    // Reads messages until one names the expected type; a ping arriving meanwhile is answered.
    private static async Task ExpectAsync(WebSocket ws, string type, CancellationToken ct)
    {
        var buffer = new byte[4096];
        var expected = Encoding.UTF8.GetBytes($"\"type\":\"{type}\"");
        while (true)
        {
            var length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                result = await ws.ReceiveAsync(buffer.AsMemory(length), ct);
                length = Math.Min(length + result.Count, buffer.Length - 1);
            }
            while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

            var message = buffer.AsSpan(0, length);
            if (result.MessageType == WebSocketMessageType.Close || message.IndexOf("\"type\":\"error\""u8) >= 0)
            {
                throw new InvalidDataException($"refused while waiting for {type}: {Encoding.UTF8.GetString(message)} {ws.CloseStatus} {ws.CloseStatusDescription}");
            }

            if (message.IndexOf(expected) >= 0)
            {
                return;
            }

            if (message.IndexOf(PingType) >= 0)
            {
                await SendAsync(ws, Pong, ct);
            }
        }
    }

    private static async Task KeepWebSocketAsync(WebSocket ws)
    {
        try
        {
            while (ws.State == WebSocketState.Open)
            {
                // Zero-byte read: no buffer is held while the connection idles.
                var peek = await ws.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None);
                if (peek.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                var buffer = ArrayPool<byte>.Shared.Rent(1024);
                try
                {
                    var first = await ws.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                    var isPing = buffer.AsSpan(0, first.Count).IndexOf(PingType) >= 0;
                    for (var r = first; !r.EndOfMessage && r.MessageType != WebSocketMessageType.Close;)
                    {
                        r = await ws.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                    }

                    if (isPing)
                    {
                        Interlocked.Increment(ref s_pings);
                        await SendAsync(ws, Pong, CancellationToken.None);
                    }
                    else if (first.MessageType != WebSocketMessageType.Close)
                    {
                        Interlocked.Increment(ref s_other);
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException)
        {
            // The server went away: counted below.
        }

        Closed();
        ws.Dispose();
    }

    private static async Task KeepSseAsync(Socket socket)
    {
        try
        {
            while (true)
            {
                await socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None);
                var buffer = ArrayPool<byte>.Shared.Rent(1024);
                try
                {
                    var n = await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None);
                    if (n == 0)
                    {
                        break;
                    }

                    // Counts ": ping" comments (a ping split across two reads is missed: the count is a sanity check).
                    var data = buffer.AsSpan(0, n);
                    for (int i; (i = data.IndexOf(SsePing)) >= 0; data = data[(i + SsePing.Length)..])
                    {
                        Interlocked.Increment(ref s_pings);
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // The server went away: counted below.
        }

        Closed();
        socket.Dispose();
    }

    private static void Closed()
    {
        Interlocked.Decrement(ref s_open);
        Interlocked.Increment(ref s_closed);
    }

    private static ValueTask SendAsync(WebSocket ws, byte[] json, CancellationToken ct) =>
        ws.SendAsync(json.AsMemory(), WebSocketMessageType.Text, endOfMessage: true, ct);
}
