using System.Net.WebSockets;
using System.Text;

namespace Dashboard.Benchmarks.FanOut;

/// <summary>
/// N WebSocket subscribers in this process, each counting the benchmark messages it receives. Frames are classified by
/// one byte at a fixed offset (never deserialised), so the client spends as little CPU as it can per message.
/// </summary>
internal sealed class FanOutClients : IAsyncDisposable
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(60);
    private static readonly byte[] Pong = """{"type":"pong"}"""u8.ToArray();
    private readonly FanOutSubscriber[] _subscribers;
    private readonly HttpMessageInvoker _invoker;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];

    private FanOutClients(int count, HttpMessageInvoker invoker)
    {
        _subscribers = new FanOutSubscriber[count];
        _invoker = invoker;
    }

    public int Count => _subscribers.Length;

    /// <summary>Connects <paramref name="count"/> subscribers (64 handshakes at a time) and starts their receive loops.</summary>
    public static async Task<FanOutClients> ConnectAsync(FanOutProtocol protocol, Uri baseAddress, string? token, int count, CancellationToken ct)
    {
        // One handler for every socket: no per-connection handler state; each upgrade takes its own TCP connection.
        var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(30), UseProxy = false };
        var clients = new FanOutClients(count, new HttpMessageInvoker(handler));
        var uri = new UriBuilder(baseAddress) { Scheme = "ws", Path = protocol == FanOutProtocol.SignalR ? "/hub" : "/ws" }.Uri;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(HandshakeTimeout + TimeSpan.FromMilliseconds(count * 20));
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = timeout.Token }, async (i, token2) =>
            {
                var socket = new ClientWebSocket();
                socket.Options.KeepAliveInterval = TimeSpan.Zero;
                socket.Options.SetBuffer(1024, 1024);
                clients._subscribers[i] = new FanOutSubscriber(socket);
                await socket.ConnectAsync(uri, clients._invoker, token2);
                await HandshakeAsync(protocol, socket, token, token2);
            });
        }
        catch
        {
            await clients.DisposeAsync();
            throw;
        }

        foreach (var subscriber in clients._subscribers)
        {
            clients._loops.Add(clients.ReceiveLoopAsync(protocol, subscriber));
        }

        return clients;
    }

    /// <summary>The fewest benchmark messages any still-open subscriber has received (the closed loop's position).</summary>
    public long MinReceived()
    {
        var min = long.MaxValue;
        foreach (var s in _subscribers)
        {
            if (!s.Closed)
            {
                min = Math.Min(min, Volatile.Read(ref s.Received));
            }
        }

        return min == long.MaxValue ? 0 : min;
    }

    /// <summary>The fewest messages any subscriber received, closed ones included.</summary>
    public long MinReceivedByAny() => _subscribers.Min(s => Volatile.Read(ref s.Received));

    public long TotalReceived() => _subscribers.Sum(s => Volatile.Read(ref s.Received));

    public long TotalBytes() => _subscribers.Sum(s => Volatile.Read(ref s.Bytes));

    public int Closed => _subscribers.Count(s => s.Closed);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var s in _subscribers)
        {
            s?.Socket.Abort();
        }

        await Task.WhenAll(_loops);
        foreach (var s in _subscribers)
        {
            s?.Socket.Dispose();
        }

        _invoker.Dispose();
        _stop.Dispose();
    }

    private static async Task HandshakeAsync(FanOutProtocol protocol, ClientWebSocket socket, string? token, CancellationToken ct)
    {
        switch (protocol)
        {
            case FanOutProtocol.SignalR:
                await SendTextAsync(socket, "{\"protocol\":\"json\",\"version\":1}\u001e", ct);
                var answer = await ReceiveTextAsync(socket, ct);
                if (!answer.StartsWith("{}\u001e", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException("SignalR handshake refused: " + answer);
                }

                break;
            case FanOutProtocol.Dashboard:
                await SendTextAsync(socket, $$"""{"type":"auth","token":"{{token}}"}""", ct);
                await ExpectAsync(socket, "auth_success", ct);
                await SendTextAsync(socket, $$"""{"type":"subscribe","id":"s1","topics":["{{DashboardTrigger.Topic}}"]}""", ct);
                // After "subscribed" the hub has the subscriber: every later publish reaches it.
                await ExpectAsync(socket, "subscribed", ct);
                break;
        }
    }

    private static async Task ExpectAsync(ClientWebSocket socket, string type, CancellationToken ct)
    {
        var text = await ReceiveTextAsync(socket, ct);
        if (!text.StartsWith($$"""{"type":"{{type}}" """.TrimEnd(), StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"expected {type}, got {text}");
        }
    }

    private static Task SendTextAsync(ClientWebSocket socket, string text, CancellationToken ct) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, ct);

    private static async Task<string> ReceiveTextAsync(ClientWebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[4096];
        var length = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(length), ct);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException($"closed during the handshake: {socket.CloseStatus} {socket.CloseStatusDescription}");
            }

            length += result.Count;
            if (result.EndOfMessage || length == buffer.Length)
            {
                return Encoding.UTF8.GetString(buffer, 0, length);
            }
        }
    }

    private async Task ReceiveLoopAsync(FanOutProtocol protocol, FanOutSubscriber s)
    {
        await Task.Yield();
        var buffer = new byte[1024];
        try
        {
            while (true)
            {
                var result = await s.Socket.ReceiveAsync(buffer.AsMemory(), _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                var chunk = buffer.AsSpan(0, result.Count);
                Volatile.Write(ref s.Bytes, s.Bytes + chunk.Length);
                if (protocol == FanOutProtocol.SignalR)
                {
                    s.CountRecords(chunk);
                }
                else if (s.CountMessage(chunk, result.EndOfMessage) == (byte)'p')
                {
                    await s.Socket.SendAsync(Pong, WebSocketMessageType.Text, endOfMessage: true, _stop.Token);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // Aborted at the end of the run, or the server closed the connection: counted as closed below.
        }
        finally
        {
            s.Closed = true;
        }
    }
}
