using System.Net.WebSockets;
using System.Text.Json;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Realtime;
using static Dashboard.Tests.Observability.MetricsScrape;

namespace Dashboard.Tests.Observability;

/// <summary>The app with a 3-message stream history, so a resume from seq 1 after 6 messages must resync.</summary>
public sealed class ShortHistoryServer() : ConfiguredServer(new()
{
    ["Realtime:HistorySize"] = "3",
});

/// <summary>
/// Transport families after real WebSocket and SSE traffic: connections and subscriptions by transport, messages and
/// bytes sent, disconnects by RFC 6455 / docs/protocol.md close code (server- and client-initiated), resumes and resyncs.
/// Counters are compared before and after, since the fixture's server is shared by the class.
/// </summary>
public sealed class TransportMetricsTests(ShortHistoryServer server) : IClassFixture<ShortHistoryServer>
{
    private static string Type(JsonElement m) => m.GetProperty("type").GetString()!;

    [Fact]
    public async Task A_websocket_counts_as_connection_and_subscription_while_open_and_its_close_code_when_it_ends()
    {
        using var http = server.Http();
        var tenant = Tenants.New();
        var before = await ScrapeAsync(http);

        var (client, _) = await ProtocolClient.ConnectAuthenticatedAsync(server, server.Token(tenant));
        await using (client)
        {
            await client.SendAsync(new { type = "subscribe", id = "s1", topics = new[] { "metrics", "calls" } });
            await client.ReceiveUntilAsync(m => Type(m) == "subscribed" && m.GetProperty("topic").GetString() == "calls");

            var open = await ScrapeAsync(http);
            Assert.Equal("gauge", Family(open, "dashboard_connections").Type);
            Assert.True(Value(open, "dashboard_connections", ("transport", "websocket")) >= 1);
            Assert.True(Value(open, "dashboard_subscriptions", ("transport", "websocket")) >= 2);
            // auth_success and two subscribed messages at least, each with its bytes.
            Assert.True(Value(open, "dashboard_messages_sent_total", ("transport", "websocket")) >= Value(before, "dashboard_messages_sent_total", ("transport", "websocket")) + 3);
            Assert.True(Value(open, "dashboard_sent_bytes_total", ("transport", "websocket")) > Value(before, "dashboard_sent_bytes_total", ("transport", "websocket")) + 100);

            // Not JSON: the server closes with 4000 (docs/protocol.md).
            await client.SendTextAsync("not json");
            Assert.Equal((WebSocketCloseStatus)4000, await client.ReceiveCloseAsync());
        }

        var malformed = new[] { ("transport", "websocket"), ("code", "4000") };
        // One collection observes the gauges before the counters, so wait for both: the socket's end may fall in between.
        var after = await UntilAsync(http, f => Value(f, "dashboard_disconnects_total", malformed) > Value(before, "dashboard_disconnects_total", malformed)
            && Value(f, "dashboard_subscriptions", ("transport", "websocket")) == Value(before, "dashboard_subscriptions", ("transport", "websocket")));
        Assert.Equal("counter", Family(after, "dashboard_disconnects_total").Type);
        Assert.Equal(Value(before, "dashboard_disconnects_total", malformed) + 1, Value(after, "dashboard_disconnects_total", malformed));
        Assert.Equal(Value(before, "dashboard_subscriptions", ("transport", "websocket")), Value(after, "dashboard_subscriptions", ("transport", "websocket")));
    }

    [Fact]
    public async Task A_client_initiated_close_is_counted_with_the_clients_code()
    {
        using var http = server.Http();
        var goingAway = new[] { ("transport", "websocket"), ("code", "1001") };
        var before = await ScrapeAsync(http);

        var (client, _) = await ProtocolClient.ConnectAuthenticatedAsync(server, server.Token(Tenants.New()));
        await using (client)
        {
            await client.Socket.CloseAsync(WebSocketCloseStatus.EndpointUnavailable, "tab closed", CancellationToken.None);
        }

        var after = await UntilAsync(http, f => Value(f, "dashboard_disconnects_total", goingAway) > Value(before, "dashboard_disconnects_total", goingAway));
        Assert.Equal(Value(before, "dashboard_disconnects_total", goingAway) + 1, Value(after, "dashboard_disconnects_total", goingAway));
    }

    [Fact]
    public async Task Resumes_count_replayed_when_the_history_covers_the_gap_and_resync_when_it_does_not()
    {
        using var http = server.Http();
        var tenant = Tenants.New();
        for (var i = 1; i <= 6; i++)
        {
            await server.PublishAsync(tenant, "calls", "call_event", new { n = i }, isSnapshot: false);
        }

        var replayed = new[] { ("transport", "websocket"), ("result", "replayed") };
        var resync = new[] { ("transport", "websocket"), ("result", "resync") };
        var before = await ScrapeAsync(http);

        var (client, _) = await ProtocolClient.ConnectAuthenticatedAsync(server, server.Token(tenant));
        await using (client)
        {
            // Seq 4 is in the 3-message history: 5 and 6 are replayed.
            await client.SendAsync(new { type = "subscribe", id = "r1", topics = new[] { "calls" }, since = new Dictionary<string, long> { ["calls"] = 4 } });
            await client.ReceiveUntilAsync(m => Type(m) == "call_event" && m.GetProperty("seq").GetInt64() == 6);
            await client.SendAsync(new { type = "unsubscribe", id = "u1", topics = new[] { "calls" } });
            await client.ReceiveUntilAsync(m => Type(m) == "unsubscribed");

            // Seq 1 is not: the client is told to resync.
            await client.SendAsync(new { type = "subscribe", id = "r2", topics = new[] { "calls" }, since = new Dictionary<string, long> { ["calls"] = 1 } });
            await client.ReceiveUntilAsync(m => Type(m) == "resync");
        }

        var after = await ScrapeAsync(http);
        Assert.Equal("counter", Family(after, "dashboard_resumes_total").Type);
        Assert.Equal(Value(before, "dashboard_resumes_total", replayed) + 1, Value(after, "dashboard_resumes_total", replayed));
        Assert.Equal(Value(before, "dashboard_resumes_total", resync) + 1, Value(after, "dashboard_resumes_total", resync));
    }

    [Fact]
    public async Task An_sse_stream_counts_as_an_sse_connection_and_its_end_as_a_1001_disconnect()
    {
        using var http = server.Http();
        var tenant = Tenants.New();
        var sse = new[] { ("transport", "sse") };
        var goingAway = new[] { ("transport", "sse"), ("code", "1001") };
        var before = await ScrapeAsync(http);

        using (var client = server.Http(server.Token(tenant)))
        using (var response = await client.GetAsync("/sse?topics=calls", HttpCompletionOption.ResponseHeadersRead))
        {
            await server.PublishAsync(tenant, "calls", "call_event", new { n = 1 }, isSnapshot: false);
            await using var reader = new SseReader(await response.Content.ReadAsStreamAsync());
            Assert.Equal("call_event", (await reader.ReadEventAsync()).Event);

            var open = await ScrapeAsync(http);
            Assert.True(Value(open, "dashboard_connections", sse) >= 1);
            Assert.True(Value(open, "dashboard_subscriptions", sse) >= 1);
            Assert.True(Value(open, "dashboard_messages_sent_total", sse) > Value(before, "dashboard_messages_sent_total", sse));
            Assert.True(Value(open, "dashboard_sent_bytes_total", sse) > Value(before, "dashboard_sent_bytes_total", sse));
        }

        var after = await UntilAsync(http, f => Value(f, "dashboard_disconnects_total", goingAway) > Value(before, "dashboard_disconnects_total", goingAway));
        Assert.Equal(Value(before, "dashboard_disconnects_total", goingAway) + 1, Value(after, "dashboard_disconnects_total", goingAway));
    }
}
