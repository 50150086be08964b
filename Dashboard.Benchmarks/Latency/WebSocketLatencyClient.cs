using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;

namespace Dashboard.Benchmarks.Latency;

/// <summary>A WebSocket client: <c>auth</c>, <c>subscribe</c> to one topic, then receive, answering the server's pings.</summary>
internal sealed class WebSocketLatencyClient(SendTimes sendTimes, string callPrefix) : LatencyClient(sendTimes, callPrefix)
{
    private readonly ClientWebSocket _socket = new();

    /// <summary>Connects, authenticates and subscribes; returns once the server confirmed the subscription.</summary>
    public async Task ConnectAsync(Uri ws, string token, string topic, CancellationToken ct)
    {
        await _socket.ConnectAsync(ws, ct);
        await SendAsync($$"""{"type":"auth","token":"{{token}}"}""", ct);
        await ExpectAsync("\"type\":\"auth_success\"", ct);
        await SendAsync($$"""{"type":"subscribe","id":"s1","topics":["{{topic}}"]}""", ct);
        await ExpectAsync("\"type\":\"subscribed\"", ct);
    }

    public override async Task RunAsync(CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        var filled = 0;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var result = await _socket.ReceiveAsync(buffer.AsMemory(filled), ct);
                var now = Stopwatch.GetTimestamp();
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    Ended = $"closed {(int?)_socket.CloseStatus} {_socket.CloseStatusDescription}";
                    return;
                }

                filled += result.Count;
                if (!result.EndOfMessage)
                {
                    if (filled == buffer.Length)
                    {
                        Array.Resize(ref buffer, buffer.Length * 2);
                    }

                    continue;
                }

                var message = buffer.AsSpan(0, filled);
                filled = 0;
                if (message.StartsWith("{\"type\":\"ping\""u8))
                {
                    await SendAsync("""{"type":"pong"}""", ct);
                    continue;
                }

                OnMessage(message, now);
            }
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // The run is over: however the socket reports being aborted, this client did not end early.
        }
        catch (WebSocketException ex)
        {
            Ended = ex.Message;
        }
        finally
        {
            _socket.Abort();
            _socket.Dispose();
        }
    }

    private Task SendAsync(string text, CancellationToken ct) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, ct);

    // Handshake replies are small; anything else before the expected one (a snapshot) is skipped.
    private async Task ExpectAsync(string marker, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer.AsMemory(), ct);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException($"closed during the handshake: {(int?)_socket.CloseStatus} {_socket.CloseStatusDescription}");
            }

            var text = Encoding.UTF8.GetString(buffer, 0, result.Count);
            if (text.Contains("\"type\":\"error\"", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"handshake error: {text}");
            }

            if (text.Contains(marker, StringComparison.Ordinal))
            {
                return;
            }
        }
    }
}
