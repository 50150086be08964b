using Dashboard.Realtime.WebSockets;
using Dashboard.Tests.Infrastructure;
using System.Net.WebSockets;

namespace Dashboard.Tests.Realtime;

/// <summary>docs/protocol.md §3.12: on shutdown every WebSocket is closed with 1001.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task Stopping_the_server_closes_websockets_with_1001()
    {
        var server = new DashboardServer();
        await ((IAsyncLifetime)server).InitializeAsync();
        var (client, _) = await ProtocolClient.ConnectAuthenticatedAsync(server, server.Token("acme"));
        await using var _ = client;

        var closing = client.ReceiveCloseAsync(TimeSpan.FromSeconds(20));
        var stopping = server.DisposeAsync().AsTask();

        Assert.Equal((WebSocketCloseStatus)CloseCodes.GoingAway, await closing);
        await stopping;
    }
}
