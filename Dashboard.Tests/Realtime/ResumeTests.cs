using System.Net.WebSockets;
using System.Text.Json;
using Dashboard.Realtime;
using Dashboard.Realtime.Sse;
using Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Realtime;

/// <summary>Resume edge cases: resume tokens, gaps longer than a queue, stream lifetime, scope changes, rate limit.</summary>
public sealed class ResumeTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    private RealtimeHub Hub => server.Services.GetRequiredService<RealtimeHub>();

    private static string Type(JsonElement m) => m.GetProperty("type").GetString()!;


    [Fact]
    public async Task An_sse_resume_token_names_only_what_was_written()
    {
        var tenant = Tenants.New();
        for (var i = 1; i <= 5; i++)
        {
            await server.PublishAsync(tenant, "calls", "call_event", new { n = i }, isSnapshot: false);
        }

        using var http = server.Http(server.Token(tenant));
        using var response = await http.GetAsync($"/sse?topics=calls,metrics&lastEventId={ResumeToken.Format(new Dictionary<string, long> { ["calls"] = 1 })}", HttpCompletionOption.ResponseHeadersRead);
        await using var reader = new SseReader(await response.Content.ReadAsStreamAsync());

        var first = await reader.ReadEventAsync();
        Assert.True(ResumeToken.TryParse(first.Id, out var positions));
        Assert.Equal(new Dictionary<string, long> { ["calls"] = 2 }, positions);
    }

    [Fact]
    public async Task A_gap_longer_than_the_replay_budget_resyncs_instead_of_overflowing_the_queue()
    {
        var tenant = Tenants.New();
        var published = new List<Task>();
        for (var i = 1; i <= 900; i++)
        {
            published.Add(server.PublishAsync(tenant, "metrics", "metrics_update", new { n = i }, isSnapshot: true));
            published.Add(server.PublishAsync(tenant, "calls", "call_event", new { n = i }, isSnapshot: false));
        }

        await Task.WhenAll(published);

        var (client, _) = await ProtocolClient.ConnectAuthenticatedAsync(server, server.Token(tenant));
        await using var _ = client;
        await client.SendAsync(new { type = "subscribe", id = "r1", topics = new[] { "metrics", "calls" }, since = new Dictionary<string, long> { ["metrics"] = 1, ["calls"] = 1 } });

        var resyncs = new HashSet<string>();
        JsonElement? snapshot = null;
        while (resyncs.Count < 2 || snapshot is null)
        {
            var m = await client.ReceiveAsync();
            if (Type(m) == "resync")
            {
                resyncs.Add(m.GetProperty("topic").GetString()!);
            }
            else if (Type(m) == "metrics_update")
            {
                snapshot = m;
            }
        }

        Assert.Equal(900, snapshot.Value.GetProperty("seq").GetInt64());
        await client.SendAsync(new { type = "ping", id = "alive" });
        await client.ReceiveUntilAsync(m => Type(m) == "pong");
        Assert.Equal(WebSocketState.Open, client.Socket.State);
    }

    [Fact]
    public async Task Resuming_several_busy_event_topics_at_once_stays_within_the_queue()
    {
        // Default queue: 1,024 messages. Three event topics each 400 behind would need 1,200 entries at once.
        var tenant = Tenants.New();
        var topics = new[] { "calls", "activity", "notifications" };
        var filler = new string('x', 2000);
        for (var i = 1; i <= 401; i++)
        {
            foreach (var topic in topics)
            {
                await server.PublishAsync(tenant, topic, "event", new { i, filler }, isSnapshot: false);
            }
        }

        // A client that reads nothing until every topic is subscribed (its tiny receive window lets the kernel absorb
        // only kilobytes), so the replays meet a queue the send loop cannot drain meanwhile.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var client = await RawWebSocket.ConnectAsync(server.BaseAddress);
        await client.SendTextAsync($"{{\"type\":\"auth\",\"token\":\"{server.Token(tenant)}\"}}");
        await client.ReceiveUntilAsync("\"auth_success\"", timeout.Token);
        await client.SendTextAsync(JsonSerializer.Serialize(new { type = "subscribe", id = "r1", topics, since = topics.ToDictionary(t => t, _ => 1L) }));
        await Poll.UntilAsync(() => topics.All(t => Hub.SubscriberCount(tenant, t) == 1), TimeSpan.FromSeconds(30), "every topic subscribed");

        var replayed = new Dictionary<string, int>();
        var resynced = new HashSet<string>();
        var subscribed = 0;
        while (subscribed < topics.Length || replayed.Values.Sum() + resynced.Count * 400 < topics.Length * 400)
        {
            var (opcode, payload) = await client.ReceiveFrameAsync(timeout.Token);
            Assert.Equal(0x1, opcode);
            using var json = JsonDocument.Parse(payload);
            var m = json.RootElement;
            switch (Type(m))
            {
                case "subscribed": subscribed++; break;
                case "resync": resynced.Add(m.GetProperty("topic").GetString()!); break;
                case "event":
                    var topic = m.GetProperty("topic").GetString()!;
                    replayed[topic] = replayed.GetValueOrDefault(topic) + 1;
                    break;
            }
        }

        // Each topic is either replayed whole or resynced, and the connection survives.
        Assert.All(topics, t => Assert.True(replayed.GetValueOrDefault(t) == 400 ^ resynced.Contains(t), t));
        Assert.NotEmpty(resynced);
        await client.SendTextAsync("{\"type\":\"ping\",\"id\":\"alive\"}");
        await client.ReceiveUntilAsync("\"pong\"", timeout.Token);
    }

    [Fact]
    public async Task Subscribing_to_topics_nobody_publishes_does_not_grow_server_memory()
    {
        var tenant = Tenants.New();
        var before = Hub.StreamCount;
        var (client, _) = await ProtocolClient.ConnectAuthenticatedAsync(server, server.Token(tenant));
        await using (client)
        {
            var topics = Enumerable.Range(0, 50).Select(i => $"campaign:ghost-{i}").ToArray();
            await client.SendAsync(new { type = "subscribe", id = "r1", topics });
            for (var i = 0; i < topics.Length; i++)
            {
                await client.ReceiveUntilAsync(m => Type(m) == "subscribed");
            }

            await client.SendAsync(new { type = "unsubscribe", id = "r2", topics });
            for (var i = 0; i < topics.Length; i++)
            {
                await client.ReceiveUntilAsync(m => Type(m) == "unsubscribed");
            }
        }

        Assert.True(Hub.StreamCount <= before, $"{Hub.StreamCount} streams after, {before} before");
    }

    [Fact]
    public async Task A_refreshed_token_without_admin_loses_the_system_topic()
    {
        var tenant = Tenants.New();
        var (client, _) = await ProtocolClient.ConnectAuthenticatedAsync(server, server.Token(tenant, "dashboard:read admin"));
        await using var _ = client;
        await client.SendAsync(new { type = "subscribe", id = "r1", topics = new[] { "system", "metrics" } });
        await client.ReceiveUntilAsync(m => Type(m) == "subscribed");
        await client.ReceiveUntilAsync(m => Type(m) == "subscribed");

        await client.SendAsync(new { type = "auth", id = "a2", token = server.Token(tenant, "dashboard:read") });
        await client.ReceiveUntilAsync(m => Type(m) == "auth_success");
        var forbidden = await client.ReceiveUntilAsync(m => Type(m) == "error");
        Assert.Equal("forbidden", forbidden.GetProperty("data").GetProperty("code").GetString());

        await server.PublishAsync(tenant, "system", "system_health_update", new { secret = true }, isSnapshot: true);
        await server.PublishAsync(tenant, "metrics", "metrics_update", new { n = 1 }, isSnapshot: true);
        var next = await client.ReceiveUntilAsync(m => m.TryGetProperty("seq", out var __) && Type(m) != "subscribed");
        Assert.Equal("metrics", next.GetProperty("topic").GetString());
    }

    [Fact]
    public async Task Flooding_gets_rate_limited_then_closed_4008()
    {
        var (client, _) = await ProtocolClient.ConnectAuthenticatedAsync(server, server.Token(Tenants.New()));
        await using var _ = client;
        for (var i = 0; i < 60; i++)
        {
            await client.SendAsync(new { type = "ping", id = i.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }

        var limited = await client.ReceiveUntilAsync(m => Type(m) == "error");
        Assert.Equal("rate_limited", limited.GetProperty("data").GetProperty("code").GetString());
        Assert.Equal((WebSocketCloseStatus)Dashboard.Realtime.WebSockets.CloseCodes.Policy, await client.ReceiveCloseAsync());
        Assert.Equal("rate limit", client.Socket.CloseStatusDescription);
    }
}
