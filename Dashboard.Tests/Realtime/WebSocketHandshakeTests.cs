using Dashboard.Realtime.WebSockets;
using Dashboard.Tests.Infrastructure;
using System.Net;
using System.Net.WebSockets;

namespace Dashboard.Tests.Realtime;

/// <summary>docs/protocol.md §3.1–3.3 and the close codes of §3.10: upgrade, auth handshake, heartbeat, malformed input.</summary>
public sealed class WebSocketHandshakeTests(FastTimeoutServer server) : IClassFixture<FastTimeoutServer>
{
    [Fact]
    public async Task Auth_success_carries_connection_tenant_user_heartbeat_and_expiry()
    {
        var (client, reply) = await ProtocolClient.ConnectAuthenticatedAsync(server, server.Token("acme", subject: "ann"));
        await using var _ = client;

        var data = reply.GetProperty("data");
        Assert.Equal("acme", data.GetProperty("tenant").GetString());
        Assert.Equal("ann", data.GetProperty("user").GetString());
        Assert.Equal(1, data.GetProperty("heartbeatSeconds").GetInt32());
        Assert.False(string.IsNullOrEmpty(data.GetProperty("connectionId").GetString()));
        Assert.EndsWith("Z", data.GetProperty("expiresAt").GetString());
        Assert.EndsWith("Z", reply.GetProperty("ts").GetString());
    }

    [Fact]
    public async Task No_auth_within_the_timeout_closes_4001()
    {
        await using var client = await ProtocolClient.ConnectAsync(server);
        Assert.Equal((WebSocketCloseStatus)CloseCodes.Unauthenticated, await client.ReceiveCloseAsync());
        Assert.Equal("auth timeout", client.Socket.CloseStatusDescription);
    }

    [Fact]
    public async Task First_message_other_than_auth_gets_unauthenticated_and_4001()
    {
        await using var client = await ProtocolClient.ConnectAsync(server);
        await client.SendAsync(new { type = "subscribe", id = "r1", topics = new[] { "metrics" } });

        var error = await client.ReceiveAsync();
        Assert.Equal("unauthenticated", error.GetProperty("data").GetProperty("code").GetString());
        Assert.Equal((WebSocketCloseStatus)CloseCodes.Unauthenticated, await client.ReceiveCloseAsync());
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJ0ZW5hbnQiOiJhY21lIiwiZXhwIjo0MTAyNDQ0ODAwfQ.")]
    public async Task A_bad_token_gets_invalid_token_and_4003(string token)
    {
        await using var client = await ProtocolClient.ConnectAsync(server);
        await client.SendAsync(new { type = "auth", token });

        var error = await client.ReceiveAsync();
        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal("invalid_token", error.GetProperty("data").GetProperty("code").GetString());
        Assert.Equal((WebSocketCloseStatus)CloseCodes.InvalidToken, await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task A_token_signed_with_another_key_gets_4003()
    {
        using var other = new DashboardServer();
        await ((IAsyncLifetime)other).InitializeAsync();
        await using var client = await ProtocolClient.ConnectAsync(server);
        await client.SendAsync(new { type = "auth", token = other.Token("acme") });

        Assert.Equal("invalid_token", (await client.ReceiveAsync()).GetProperty("data").GetProperty("code").GetString());
        Assert.Equal((WebSocketCloseStatus)CloseCodes.InvalidToken, await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task Client_ping_gets_pong_with_the_same_id_and_heartbeat_is_an_alias()
    {
        var (client, _) = await ProtocolClient.ConnectAuthenticatedAsync(server, server.Token("acme"));
        await using var __ = client;

        await client.SendAsync(new { type = "ping", id = "x1" });
        var pong = await client.ReceiveUntilAsync(m => m.GetProperty("type").GetString() == "pong");
        Assert.Equal("x1", pong.GetProperty("id").GetString());

        await client.SendAsync(new { type = "heartbeat", id = "x2" });
        pong = await client.ReceiveUntilAsync(m => m.GetProperty("type").GetString() == "pong");
        Assert.Equal("x2", pong.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Server_pings_and_a_client_that_answers_stays_connected()
    {
        var (client, _) = await ProtocolClient.ConnectAuthenticatedAsync(server, server.Token("acme"));
        await using var __ = client;

        for (var i = 0; i < 3; i++)
        {
            await client.ReceiveUntilAsync(m => m.GetProperty("type").GetString() == "ping");
            await client.SendAsync(new { type = "pong" });
        }

        // Each ping came more than a pong timeout after the previous pong: the answered connection was kept.
        await client.ReceiveUntilAsync(m => m.GetProperty("type").GetString() == "ping");
        Assert.Equal(WebSocketState.Open, client.Socket.State);
    }

    [Fact]
    public async Task No_pong_closes_4002()
    {
        var (client, _) = await ProtocolClient.ConnectAuthenticatedAsync(server, server.Token("acme"));
        await using var __ = client;
        Assert.Equal((WebSocketCloseStatus)CloseCodes.HeartbeatTimeout, await client.ReceiveCloseAsync());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"id\":\"r1\"}")]
    [InlineData("[1,2]")]
    public async Task Malformed_message_closes_4000(string text)
    {
        var (client, _) = await ProtocolClient.ConnectAuthenticatedAsync(server, server.Token("acme"));
        await using var __ = client;
        await client.SendTextAsync(text);
        Assert.Equal((WebSocketCloseStatus)CloseCodes.Malformed, await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task Binary_frame_closes_1003()
    {
        var (client, _) = await ProtocolClient.ConnectAuthenticatedAsync(server, server.Token("acme"));
        await using var __ = client;
        await client.Socket.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary, true, CancellationToken.None);
        Assert.Equal(WebSocketCloseStatus.InvalidMessageType, await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task Oversized_message_closes_1009()
    {
        var (client, _) = await ProtocolClient.ConnectAuthenticatedAsync(server, server.Token("acme"));
        await using var __ = client;
        await client.SendTextAsync($"{{\"type\":\"ping\",\"id\":\"{new string('x', 2048)}\"}}");
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task Unknown_type_gets_unknown_type_and_the_connection_stays_open()
    {
        var (client, _) = await ProtocolClient.ConnectAuthenticatedAsync(server, server.Token("acme"));
        await using var __ = client;
        await client.SendAsync(new { type = "dance", id = "r9" });
        var error = await client.ReceiveUntilAsync(m => m.GetProperty("type").GetString() == "error");
        Assert.Equal("unknown_type", error.GetProperty("data").GetProperty("code").GetString());
        Assert.Equal("r9", error.GetProperty("id").GetString());

        await client.SendAsync(new { type = "ping", id = "still" });
        Assert.Equal("still", (await client.ReceiveUntilAsync(m => m.GetProperty("type").GetString() == "pong")).GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_foreign_origin_is_refused_with_403_before_the_upgrade()
    {
        using var ws = new ClientWebSocket();
        ws.Options.SetRequestHeader("Origin", "https://evil.example");
        ws.Options.CollectHttpResponseDetails = true;
        var ex = await Assert.ThrowsAsync<WebSocketException>(() => ws.ConnectAsync(new Uri(server.BaseAddress, "/ws").ToWs(), CancellationToken.None));
        Assert.Equal(HttpStatusCode.Forbidden, ws.HttpStatusCode);
        Assert.NotNull(ex);
    }

    [Fact]
    public async Task The_same_origin_is_allowed()
    {
        using var ws = new ClientWebSocket();
        ws.Options.SetRequestHeader("Origin", server.BaseAddress.GetLeftPart(UriPartial.Authority));
        ws.Options.CollectHttpResponseDetails = true;
        await ws.ConnectAsync(new Uri(server.BaseAddress, "/ws").ToWs(), CancellationToken.None);
        Assert.Equal(WebSocketState.Open, ws.State);
    }
}
