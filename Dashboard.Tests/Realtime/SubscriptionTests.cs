using Dashboard.Realtime;
using Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using System.Net.WebSockets;
using System.Text.Json;

namespace Dashboard.Tests.Realtime;

/// <summary>docs/protocol.md §3.4–3.8 and §5: subscribe, snapshot, resume, unsubscribe, refresh, authorization, tenant isolation.</summary>
public sealed class SubscriptionTests(FastTimeoutServer server) : IClassFixture<FastTimeoutServer>
{
    private RealtimeHub Hub => server.Services.GetRequiredService<RealtimeHub>();

    private static string Type(JsonElement m) => m.GetProperty("type").GetString()!;

    private static bool IsData(JsonElement m) => m.TryGetProperty("seq", out _) && m.TryGetProperty("data", out _) && Type(m) != "subscribed";

    private async Task<ProtocolClient> ConnectAsync(string tenant, string scopes = "dashboard:read")
    {
        var (client, _) = await ProtocolClient.ConnectAuthenticatedAsync(server, server.Token(tenant, scopes));
        return client;
    }

    [Fact]
    public async Task Subscribe_answers_subscribed_with_seq_then_the_current_snapshot()
    {
        var tenant = Tenants.New();
        await server.PublishAsync(tenant, "metrics", "metrics_update", new { activeCalls = 7 }, isSnapshot: true);
        await using var client = await ConnectAsync(tenant);

        await client.SendAsync(new { type = "subscribe", id = "r1", topics = new[] { "metrics" } });
        var subscribed = await client.ReceiveUntilAsync(m => Type(m) == "subscribed");
        Assert.Equal("r1", subscribed.GetProperty("id").GetString());
        Assert.Equal("metrics", subscribed.GetProperty("topic").GetString());
        Assert.Equal(1, subscribed.GetProperty("seq").GetInt64());

        var snapshot = await client.ReceiveUntilAsync(IsData);
        Assert.Equal("metrics_update", Type(snapshot));
        Assert.Equal(7, snapshot.GetProperty("data").GetProperty("activeCalls").GetInt32());
        Assert.Equal(1, snapshot.GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task Live_messages_arrive_in_seq_order_after_subscribing()
    {
        var tenant = Tenants.New();
        await using var client = await ConnectAsync(tenant);
        await client.SendAsync(new { type = "subscribe", id = "r1", topics = new[] { "calls" } });
        await client.ReceiveUntilAsync(m => Type(m) == "subscribed");

        for (var i = 1; i <= 50; i++)
        {
            await server.PublishAsync(tenant, "calls", "call_event", new { n = i }, isSnapshot: false);
        }

        for (var i = 1; i <= 50; i++)
        {
            var m = await client.ReceiveUntilAsync(IsData);
            Assert.Equal(i, m.GetProperty("seq").GetInt64());
            Assert.Equal(i, m.GetProperty("data").GetProperty("n").GetInt32());
        }
    }

    [Fact]
    public async Task Subscribe_with_since_replays_exactly_the_missed_messages()
    {
        var tenant = Tenants.New();
        for (var i = 1; i <= 10; i++)
        {
            await server.PublishAsync(tenant, "calls", "call_event", new { n = i }, isSnapshot: false);
        }

        await using var client = await ConnectAsync(tenant);
        await client.SendAsync(new { type = "subscribe", id = "r1", topics = new[] { "calls" }, since = new Dictionary<string, long> { ["calls"] = 6 } });
        Assert.Equal(10, (await client.ReceiveUntilAsync(m => Type(m) == "subscribed")).GetProperty("seq").GetInt64());
        for (var seq = 7; seq <= 10; seq++)
        {
            Assert.Equal(seq, (await client.ReceiveUntilAsync(IsData)).GetProperty("seq").GetInt64());
        }

        await server.PublishAsync(tenant, "calls", "call_event", new { n = 11 }, isSnapshot: false);
        Assert.Equal(11, (await client.ReceiveUntilAsync(IsData)).GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task Since_from_another_epoch_gets_resync_then_the_snapshot()
    {
        var tenant = Tenants.New();
        await server.PublishAsync(tenant, "metrics", "metrics_update", new { v = 1 }, isSnapshot: true);
        await using var client = await ConnectAsync(tenant);
        await client.SendAsync(new { type = "subscribe", id = "r1", topics = new[] { "metrics" }, since = new Dictionary<string, long> { ["metrics"] = 999 } });

        await client.ReceiveUntilAsync(m => Type(m) == "subscribed");
        var resync = await client.ReceiveAsync();
        Assert.Equal("resync", Type(resync));
        Assert.Equal("metrics", resync.GetProperty("topic").GetString());
        Assert.Equal("metrics_update", Type(await client.ReceiveAsync()));
    }

    [Fact]
    public async Task Unknown_and_forbidden_topics_get_errors_and_the_connection_stays_open()
    {
        var tenant = Tenants.New();
        await using var client = await ConnectAsync(tenant);
        await client.SendAsync(new { type = "subscribe", id = "r1", topics = new[] { "nope", "system" } });

        var unknown = await client.ReceiveUntilAsync(m => Type(m) == "error");
        Assert.Equal("unknown_topic", unknown.GetProperty("data").GetProperty("code").GetString());
        var forbidden = await client.ReceiveUntilAsync(m => Type(m) == "error");
        Assert.Equal("forbidden", forbidden.GetProperty("data").GetProperty("code").GetString());

        await client.SendAsync(new { type = "ping", id = "alive" });
        await client.ReceiveUntilAsync(m => Type(m) == "pong");
        Assert.Equal(WebSocketState.Open, client.Socket.State);
    }

    [Fact]
    public async Task System_topic_is_readable_with_admin()
    {
        await using var client = await ConnectAsync(Tenants.New(), "dashboard:read admin");
        await client.SendAsync(new { type = "subscribe", id = "r1", topics = new[] { "system" } });
        Assert.Equal("system", (await client.ReceiveUntilAsync(m => Type(m) == "subscribed")).GetProperty("topic").GetString());
    }

    [Fact]
    public async Task More_than_max_subscriptions_gets_too_many_subscriptions()
    {
        await using var client = await ConnectAsync(Tenants.New());
        await client.SendAsync(new { type = "subscribe", id = "r1", topics = new[] { "metrics", "calls", "campaigns", "queue" } });
        var error = await client.ReceiveUntilAsync(m => Type(m) == "error");
        Assert.Equal("too_many_subscriptions", error.GetProperty("data").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Unsubscribe_stops_delivery()
    {
        var tenant = Tenants.New();
        await using var client = await ConnectAsync(tenant);
        await client.SendAsync(new { type = "subscribe", id = "r1", topics = new[] { "calls", "metrics" } });
        await client.ReceiveUntilAsync(m => Type(m) == "subscribed");
        await client.ReceiveUntilAsync(m => Type(m) == "subscribed");
        await client.SendAsync(new { type = "unsubscribe", id = "r2", topics = new[] { "calls" } });
        Assert.Equal("r2", (await client.ReceiveUntilAsync(m => Type(m) == "unsubscribed")).GetProperty("id").GetString());

        await server.PublishAsync(tenant, "calls", "call_event", new { n = 1 }, isSnapshot: false);
        await server.PublishAsync(tenant, "metrics", "metrics_update", new { n = 2 }, isSnapshot: true);
        var next = await client.ReceiveUntilAsync(IsData);
        Assert.Equal("metrics", next.GetProperty("topic").GetString());
    }

    [Fact]
    public async Task Refresh_sends_the_latest_snapshot_now()
    {
        var tenant = Tenants.New();
        await using var client = await ConnectAsync(tenant);
        await server.PublishAsync(tenant, "metrics", "metrics_update", new { v = 42 }, isSnapshot: true);
        await client.SendAsync(new { type = "refresh", id = "r3", topic = "metrics" });
        var snapshot = await client.ReceiveUntilAsync(IsData);
        Assert.Equal(42, snapshot.GetProperty("data").GetProperty("v").GetInt32());
    }

    [Fact]
    public async Task A_tenant_never_receives_another_tenants_messages()
    {
        var a = Tenants.New();
        var b = Tenants.New();
        await using var clientA = await ConnectAsync(a);
        await clientA.SendAsync(new { type = "subscribe", id = "r1", topics = new[] { "calls" } });
        await clientA.ReceiveUntilAsync(m => Type(m) == "subscribed");

        await server.PublishAsync(b, "calls", "call_event", new { tenant = "b" }, isSnapshot: false);
        await server.PublishAsync(a, "calls", "call_event", new { tenant = "a" }, isSnapshot: false);

        var first = await clientA.ReceiveUntilAsync(IsData);
        Assert.Equal("a", first.GetProperty("data").GetProperty("tenant").GetString());
    }

    [Fact]
    public async Task Token_refresh_in_place_answers_auth_success_and_a_changed_tenant_is_refused()
    {
        var tenant = Tenants.New();
        await using var client = await ConnectAsync(tenant);
        await client.SendAsync(new { type = "auth", token = server.Token(tenant, lifetime: TimeSpan.FromHours(5)) });
        var success = await client.ReceiveUntilAsync(m => Type(m) == "auth_success");
        var expiresAt = DateTimeOffset.Parse(success.GetProperty("data").GetProperty("expiresAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(expiresAt > DateTimeOffset.UtcNow.AddHours(4));

        await client.SendAsync(new { type = "auth", token = server.Token("someone-else") });
        Assert.Equal("invalid_token", (await client.ReceiveUntilAsync(m => Type(m) == "error")).GetProperty("data").GetProperty("code").GetString());
        Assert.Equal((WebSocketCloseStatus)Dashboard.Realtime.WebSockets.CloseCodes.InvalidToken, await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task A_token_expiring_soon_gets_token_expiring_then_token_expired_and_4004()
    {
        var (client, _) = await ProtocolClient.ConnectAuthenticatedAsync(server, server.Token(Tenants.New(), lifetime: TimeSpan.FromSeconds(3)));
        await using var __ = client;
        // Pongs are answered (awaited, one send at a time) so the close can only be the expiry, never 4002.
        async Task<JsonElement> NextOtherThanPingAsync()
        {
            while (true)
            {
                var m = await client.ReceiveAsync();
                if (Type(m) != "ping")
                {
                    return m;
                }

                await client.SendAsync(new { type = "pong" });
            }
        }

        Assert.Equal("token_expiring", Type(await NextOtherThanPingAsync()));
        var expired = await NextOtherThanPingAsync();
        Assert.Equal("error", Type(expired));
        Assert.Equal("token_expired", expired.GetProperty("data").GetProperty("code").GetString());
        Assert.Equal((WebSocketCloseStatus)Dashboard.Realtime.WebSockets.CloseCodes.TokenExpired, await client.ReceiveCloseAsync());
    }

}
