using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Dashboard.Tests.Infrastructure;

/// <summary>A test-side WebSocket peer speaking the JSON protocol over a real <see cref="ClientWebSocket"/>.</summary>
public sealed class ProtocolClient(ClientWebSocket socket) : IAsyncDisposable
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(10);

    public ClientWebSocket Socket { get; } = socket;

    /// <summary>Close status once the server has closed, else null.</summary>
    public WebSocketCloseStatus? CloseStatus => Socket.CloseStatus;

    public static async Task<ProtocolClient> ConnectAsync(DashboardServer server) => new(await server.ConnectWebSocketAsync());

    /// <summary>Connects and completes the auth handshake; returns the client and the <c>auth_success</c> message.</summary>
    public static async Task<(ProtocolClient Client, JsonElement AuthSuccess)> ConnectAuthenticatedAsync(DashboardServer server, string token)
    {
        var client = await ConnectAsync(server);
        await client.SendAsync(new { type = "auth", token });
        var reply = await client.ReceiveAsync();
        Assert.Equal("auth_success", reply.GetProperty("type").GetString());
        return (client, reply);
    }

    public Task SendAsync(object message) => SendTextAsync(JsonSerializer.Serialize(message));

    public Task SendTextAsync(string text) =>
        Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The next message; fails the test if none arrives within <paramref name="wait"/> or the server closes.</summary>
    public async Task<JsonElement> ReceiveAsync(TimeSpan? wait = null)
    {
        var message = await TryReceiveAsync(wait ?? DefaultWait);
        return message ?? throw new Xunit.Sdk.XunitException($"no message (close status: {Socket.CloseStatus} {Socket.CloseStatusDescription})");
    }

    /// <summary>Skips messages until one satisfies <paramref name="match"/>.</summary>
    public async Task<JsonElement> ReceiveUntilAsync(Func<JsonElement, bool> match, TimeSpan? wait = null)
    {
        using var cts = new CancellationTokenSource(wait ?? DefaultWait);
        while (true)
        {
            var message = await TryReceiveAsync(wait ?? DefaultWait, cts.Token)
                ?? throw new Xunit.Sdk.XunitException($"no matching message (close status: {Socket.CloseStatus})");
            if (match(message))
            {
                return message;
            }
        }
    }

    /// <summary>Reads until the server's close frame and returns its status; fails if it does not come within the wait.</summary>
    public async Task<WebSocketCloseStatus> ReceiveCloseAsync(TimeSpan? wait = null)
    {
        using var cts = new CancellationTokenSource(wait ?? DefaultWait);
        var buffer = new byte[64 * 1024];
        while (Socket.State == WebSocketState.Open || Socket.State == WebSocketState.CloseSent)
        {
            var result = await Socket.ReceiveAsync(buffer, cts.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                break;
            }
        }

        return Socket.CloseStatus ?? throw new Xunit.Sdk.XunitException("socket ended without a close status");
    }

    private async Task<JsonElement?> TryReceiveAsync(TimeSpan wait, CancellationToken outer = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(outer);
        cts.CancelAfter(wait);
        var buffer = new byte[64 * 1024];
        using var ms = new MemoryStream();
        while (true)
        {
            var result = await Socket.ReceiveAsync(buffer, cts.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            ms.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return JsonDocument.Parse(ms.ToArray()).RootElement.Clone();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Socket.State == WebSocketState.Open)
        {
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", cts.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // The server may already be gone.
            }
        }

        Socket.Dispose();
    }
}
