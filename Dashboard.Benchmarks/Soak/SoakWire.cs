using System.Net.WebSockets;
using System.Text;

namespace Dashboard.Benchmarks.Soak;

/// <summary>
/// The WebSocket protocol as the soak's clients speak it (docs/protocol.md): <c>auth</c>, <c>subscribe</c>, answering
/// <c>ping</c>, and reading a data message's <c>ts</c> from its head.
/// </summary>
internal static class SoakWire
{
    /// <summary>Opens the socket, authenticates and subscribes to <paramref name="topics"/>; 30 s at most.</summary>
    /// <exception cref="InvalidOperationException">The server refused (an <c>error</c> or a close) before the subscription.</exception>
    internal static async Task ConnectAsync(ClientWebSocket socket, Uri ws, string token, string[] topics, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await socket.ConnectAsync(ws, timeout.Token);
        await SendAsync(socket, $$"""{"type":"auth","token":"{{token}}"}""", timeout.Token);
        await ExpectAsync(socket, "auth_success", 1, timeout.Token);
        var list = string.Join(',', topics.Select(t => $"\"{t}\""));
        await SendAsync(socket, $$"""{"type":"subscribe","id":"s","topics":[{{list}}]}""", timeout.Token);
        await ExpectAsync(socket, "subscribed", topics.Length, timeout.Token);
    }

    /// <summary>The message's <c>ts</c> (ISO 8601 UTC as the server writes it, <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>), or null.</summary>
    internal static DateTime? Published(ReadOnlySpan<byte> head)
    {
        var i = head.IndexOf("\"ts\":\""u8);
        if (i < 0 || head.Length < i + 6 + 24)
        {
            return null;
        }

        var t = head.Slice(i + 6, 24);
        if (t[4] != '-' || t[10] != 'T' || t[19] != '.' || t[23] != 'Z')
        {
            return null;
        }

        return new DateTime(Digits(t, 0, 4), Digits(t, 5, 2), Digits(t, 8, 2), Digits(t, 11, 2), Digits(t, 14, 2), Digits(t, 17, 2), Digits(t, 20, 3), DateTimeKind.Utc);
    }

    private static int Digits(ReadOnlySpan<byte> text, int at, int length)
    {
        var n = 0;
        foreach (var digit in text.Slice(at, length))
        {
            n = (n * 10) + (digit - '0');
        }

        return n;
    }

    /// <summary>Sends one text message.</summary>
    internal static Task SendAsync(ClientWebSocket socket, string text, CancellationToken ct) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, ct);

    // Reads until `count` messages of the given type arrived (a snapshot or ping before them is skipped or answered).
    private static async Task ExpectAsync(ClientWebSocket socket, string type, int count, CancellationToken ct)
    {
        var marker = Encoding.UTF8.GetBytes($"{{\"type\":\"{type}\"");
        var buffer = new byte[4096];
        while (count > 0)
        {
            var filled = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(filled < 512 ? buffer.AsMemory(filled) : buffer.AsMemory(512), ct);
                filled = Math.Min(filled + result.Count, 512);
            }
            while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

            var head = buffer.AsSpan(0, filled);
            if (result.MessageType == WebSocketMessageType.Close || head.StartsWith("{\"type\":\"error\""u8))
            {
                throw new InvalidOperationException($"refused while waiting for {type}: {Encoding.UTF8.GetString(head)} {(int?)socket.CloseStatus} {socket.CloseStatusDescription}");
            }

            if (head.StartsWith(marker))
            {
                count--;
            }
            else if (head.StartsWith("{\"type\":\"ping\""u8))
            {
                await SendAsync(socket, """{"type":"pong"}""", ct);
            }
        }
    }
}
