using Dashboard.Tests.Infrastructure;
using System.Net;
using System.Net.WebSockets;

namespace Dashboard.Tests.Realtime;

/// <summary>A server whose endpoints speak only HTTP/2 (cleartext, prior knowledge), so a WebSocket arrives as an RFC 8441 extended CONNECT.</summary>
public sealed class Http2Server() : ConfiguredServer(new()
{
    ["Kestrel:EndpointDefaults:Protocols"] = "Http2",
});

/// <summary>
/// docs/protocol.md §3.1 over HTTP/2 (RFC 8441), as browsers open WebSockets to an HTTP/2 server: the send loop's
/// batches of frames go onto the HTTP/2 stream as they do onto an upgraded HTTP/1.1 connection.
/// </summary>
public sealed class Http2WebSocketTests(Http2Server server) : IClassFixture<Http2Server>
{
    private const int Messages = 300;

    [Fact]
    public async Task A_WebSocket_over_HTTP2_gets_a_burst_in_order_and_closes_normally()
    {
        var tenant = Tenants.New();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var handler = new SocketsHttpHandler();
        using var invoker = new HttpMessageInvoker(handler);
        var socket = new ClientWebSocket();
        socket.Options.HttpVersion = HttpVersion.Version20;
        socket.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        socket.Options.CollectHttpResponseDetails = true;
        await socket.ConnectAsync(new Uri($"ws://{server.BaseAddress.Authority}/ws"), invoker, timeout.Token);

        // RFC 8441 §5: an accepted extended CONNECT is answered 200, where HTTP/1.1 answers 101.
        Assert.Equal(HttpStatusCode.OK, socket.HttpStatusCode);
        await using var client = new ProtocolClient(socket);
        await client.SendAsync(new { type = "auth", token = server.Token(tenant) });
        Assert.Equal("auth_success", (await client.ReceiveAsync()).GetProperty("type").GetString());
        await client.SendAsync(new { type = "subscribe", id = "s", topics = new[] { "calls" } });
        await client.ReceiveUntilAsync(m => m.GetProperty("type").GetString() == "subscribed");

        for (var n = 1; n <= Messages; n++)
        {
            await server.PublishAsync(tenant, "calls", "call_event", new { n, filler = new string('x', n % 5 * 100) }, isSnapshot: false);
        }

        for (var expected = 1; expected <= Messages; expected++)
        {
            var message = await client.ReceiveUntilAsync(m => m.GetProperty("type").GetString() == "call_event");
            Assert.Equal(expected, message.GetProperty("data").GetProperty("n").GetInt32());
        }

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
    }
}
