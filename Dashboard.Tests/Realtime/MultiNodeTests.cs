using Dashboard.Auth;
using Dashboard.Realtime.Backplane;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Ingestion;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using System.Net;
using System.Text.Json;

namespace Dashboard.Tests.Realtime;

/// <summary>
/// docs/protocol.md §3.8 (<c>seq</c> is one sequence per stream across every node) and §3.12 (clients reconnect to another
/// node and resume with <c>since</c>), through the PostgreSQL LISTEN/NOTIFY backplane.
/// </summary>
public sealed class MultiNodeTests(TwoNodes<DashboardServer> nodes) : IClassFixture<TwoNodes<DashboardServer>>
{
    private static string Type(JsonElement m) => m.GetProperty("type").GetString()!;

    private static bool IsData(JsonElement m) => m.TryGetProperty("seq", out _) && Type(m) != "subscribed";

    [Fact]
    public async Task Seq_increases_by_one_per_stream_across_every_node_and_each_nodes_publishes_keep_their_order()
    {
        var tenant = Tenants.New();
        var (onA, onB) = (await SubscribeAsync(nodes.A, tenant, "calls"), await SubscribeAsync(nodes.B, tenant, "calls"));
        await using var _ = onA;
        await using var __ = onB;

        // Both nodes publish on one stream at once, in waves, so their batches interleave in the database; each node
        // queues a whole wave before awaiting any of it.
        const int PerNode = 200, Wave = 10;
        var seqs = new List<long>();
        for (var first = 1; first <= PerNode; first += Wave)
        {
            var waves = await Task.WhenAll(
                Task.Run(() => Task.WhenAll(Enumerable.Range(first, Wave).Select(n => nodes.A.PublishAsync(tenant, "calls", "call_event", new { node = "a", n }, isSnapshot: false)))),
                Task.Run(() => Task.WhenAll(Enumerable.Range(first, Wave).Select(n => nodes.B.PublishAsync(tenant, "calls", "call_event", new { node = "b", n }, isSnapshot: false)))));
            seqs.AddRange(waves.SelectMany(w => w));
        }

        Assert.Equal(Enumerable.Range(1, 2 * PerNode).Select(i => (long)i), seqs.Order());

        var seenOnA = await ReceiveDataAsync(onA, 2 * PerNode);
        var seenOnB = await ReceiveDataAsync(onB, 2 * PerNode);
        Assert.Equal(Enumerable.Range(1, 2 * PerNode).Select(i => (long)i), seenOnA.Select(m => m.GetProperty("seq").GetInt64()));
        Assert.Equal(seenOnA.Select(m => m.GetRawText()), seenOnB.Select(m => m.GetRawText()));
        foreach (var node in new[] { "a", "b" })
        {
            var order = seenOnA.Select(m => m.GetProperty("data")).Where(d => d.GetProperty("node").GetString() == node).Select(d => d.GetProperty("n").GetInt32());
            Assert.Equal(Enumerable.Range(1, PerNode), order);
        }

    }

    [Fact]
    public async Task An_event_ingested_on_one_node_reaches_the_subscribers_of_every_node()
    {
        var tenant = Tenants.New();
        var (onA, onB) = (await SubscribeAsync(nodes.A, tenant, "calls"), await SubscribeAsync(nodes.B, tenant, "calls"));
        await using var _ = onA;
        await using var __ = onB;

        using var producer = nodes.B.Http(nodes.B.Token(tenant, Scopes.Write));
        using var response = await producer.PostAsync(Events.CallStarted("call-x1").ToJsonString());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var seen = new List<JsonElement>();
        foreach (var client in new[] { onA, onB })
        {
            var message = await client.ReceiveUntilAsync(m => Type(m) == "call_event");
            Assert.Equal("call-x1", message.GetProperty("data").GetProperty("callId").GetString());
            seen.Add(message);
        }

        Assert.Equal(seen[0].GetRawText(), seen[1].GetRawText());
    }

    [Fact]
    public async Task A_websocket_client_resumes_with_since_on_another_node_without_loss_or_duplicates()
    {
        var tenant = Tenants.New();
        var first = await SubscribeAsync(nodes.A, tenant, "calls");
        await PublishAsync(nodes.A, tenant, 1, 30);
        var before = await ReceiveDataAsync(first, 20);
        await first.DisposeAsync();

        // Published while the client is away, on the other node this time.
        await PublishAsync(nodes.B, tenant, 31, 60);

        var (resumed, _) = await ProtocolClient.ConnectAuthenticatedAsync(nodes.B, nodes.B.Token(tenant));
        await using var ___ = resumed;
        await resumed.SendAsync(new { type = "subscribe", id = "r", topics = new[] { "calls" }, since = new Dictionary<string, long> { ["calls"] = 20 } });
        Assert.Equal("subscribed", Type(await resumed.ReceiveAsync()));
        var after = await ReceiveDataAsync(resumed, 40);

        Assert.Equal(Enumerable.Range(1, 60), before.Concat(after).Select(m => m.GetProperty("data").GetProperty("n").GetInt32()));
        Assert.Equal(Enumerable.Range(1, 60).Select(i => (long)i), before.Concat(after).Select(m => m.GetProperty("seq").GetInt64()));
    }

    [Fact]
    public async Task An_sse_client_resumes_with_last_event_id_on_another_node()
    {
        var tenant = Tenants.New();
        var token = nodes.A.Token(tenant);
        await PublishAsync(nodes.A, tenant, 1, 5);

        string lastId;
        using (var http = nodes.A.Http(token))
        using (var response = await http.GetAsync("/sse?topics=calls", HttpCompletionOption.ResponseHeadersRead))
        await using (var reader = new SseReader(await response.Content.ReadAsStreamAsync()))
        {
            await PublishAsync(nodes.A, tenant, 6, 8);
            (string? Id, string? Event, string Data) e;
            do
            {
                e = await reader.ReadEventAsync();
            }
            while (JsonDocument.Parse(e.Data).RootElement.GetProperty("seq").GetInt64() < 7);

            lastId = e.Id!;
        }

        await PublishAsync(nodes.B, tenant, 9, 12);
        using var httpB = nodes.B.Http(token);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/sse?topics=calls");
        request.Headers.Add("Last-Event-ID", lastId);
        using var resumed = await httpB.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var resumedReader = new SseReader(await resumed.Content.ReadAsStreamAsync());
        var seqs = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            seqs.Add(JsonDocument.Parse((await resumedReader.ReadEventAsync()).Data).RootElement.GetProperty("seq").GetInt64());
        }

        Assert.Equal([8L, 9, 10, 11, 12], seqs);
    }

    [Fact]
    public async Task A_message_too_big_for_notify_reaches_every_node_intact()
    {
        var tenant = Tenants.New();
        var onB = await SubscribeAsync(nodes.B, tenant, "campaigns");
        await using var _ = onB;
        var names = Enumerable.Range(0, 400).Select(i => $"campaign-{i:D4}-with-a-long-name-é").ToArray();

        await nodes.A.PublishAsync(tenant, "campaigns", "campaigns_update", new { names }, isSnapshot: true);

        var message = await onB.ReceiveUntilAsync(m => Type(m) == "campaigns_update");
        Assert.True(message.GetRawText().Length > BackplaneStore.MaxInlineBytes);
        Assert.Equal(names, message.GetProperty("data").GetProperty("names").EnumerateArray().Select(n => n.GetString()));
    }

    [Fact]
    public async Task A_node_whose_backplane_connection_drops_catches_up_without_losing_a_message()
    {
        var tenant = Tenants.New();
        var (onB, listener, pid) = await WatchBackplaneOfBAsync(tenant);
        await using var _ = onB;

        await using (var admin = new NpgsqlConnection(nodes.A.ConnectionString))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand("SELECT pg_terminate_backend($1)", admin);
            kill.Parameters.AddWithValue(pid);
            Assert.True((bool)(await kill.ExecuteScalarAsync())!);
        }

        // Published on A while B is not listening (or has not noticed yet): B must read these from the log.
        await PublishAsync(nodes.A, tenant, 1, 50);
        await WaitUntilAsync(() => listener.IsListening && listener.ServerProcessId != pid);
        await PublishAsync(nodes.A, tenant, 51, 100);

        var seen = await ReceiveDataAsync(onB, 100);
        Assert.Equal(Enumerable.Range(1, 100), seen.Select(m => m.GetProperty("data").GetProperty("n").GetInt32()));
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), seen.Select(m => m.GetProperty("seq").GetInt64()));
    }

    [Fact]
    public async Task A_strangers_notification_on_the_channel_is_ignored_and_the_node_keeps_listening()
    {
        var tenant = Tenants.New();
        var (onB, listener, pid) = await WatchBackplaneOfBAsync(tenant);
        await using var _ = onB;

        await using (var stranger = new NpgsqlConnection(nodes.A.ConnectionString))
        {
            await stranger.OpenAsync();
            foreach (var payload in new[] { "garbage", "[1,2,3]", $"[\"{tenant}\",\"calls\",1,\"x\",false,99999999999999999]", "[\"\",\"\",0,\"\",false,0]" })
            {
                await using var notify = new NpgsqlCommand("SELECT pg_notify('dashboard_realtime', $1)", stranger);
                notify.Parameters.AddWithValue(payload);
                await notify.ExecuteNonQueryAsync();
            }
        }

        await PublishAsync(nodes.A, tenant, 1, 3);
        Assert.Equal([1L, 2, 3], (await ReceiveDataAsync(onB, 3)).Select(m => m.GetProperty("seq").GetInt64()));
        Assert.True(listener.IsListening);
        Assert.Equal(pid, listener.ServerProcessId);
    }

    [Fact]
    public async Task A_node_that_joins_serves_snapshots_and_history_at_once_and_continues_the_seq()
    {
        var tenant = Tenants.New();
        await nodes.A.PublishAsync(tenant, "metrics", "metrics_update", new { activeCalls = 3 }, isSnapshot: true);
        await PublishAsync(nodes.A, tenant, 1, 10);

        await using var joined = DashboardServer.NodeOf(nodes.A);
        await joined.InitializeAsync();

        using var http = joined.Http(joined.Token(tenant));
        using var snapshot = await http.GetAsync("/api/v1/snapshots/metrics");
        Assert.Equal(HttpStatusCode.OK, snapshot.StatusCode);
        Assert.Equal(3, JsonDocument.Parse(await snapshot.Content.ReadAsStringAsync()).RootElement.GetProperty("data").GetProperty("activeCalls").GetInt32());

        var (client, _) = await ProtocolClient.ConnectAuthenticatedAsync(joined, joined.Token(tenant));
        await using var __ = client;
        await client.SendAsync(new { type = "subscribe", id = "r", topics = new[] { "calls" }, since = new Dictionary<string, long> { ["calls"] = 4 } });
        Assert.Equal("subscribed", Type(await client.ReceiveAsync()));
        Assert.Equal(Enumerable.Range(5, 6).Select(i => (long)i), (await ReceiveDataAsync(client, 6)).Select(m => m.GetProperty("seq").GetInt64()));

        Assert.Equal(11, await joined.PublishAsync(tenant, "calls", "call_event", new { n = 11 }, isSnapshot: false));
    }

    [Fact]
    public async Task On_shutdown_clients_get_1001_and_resume_on_another_node()
    {
        var tenant = Tenants.New();
        var leaving = DashboardServer.NodeOf(nodes.A);
        await leaving.InitializeAsync();
        var client = await SubscribeAsync(leaving, tenant, "calls");
        await PublishAsync(leaving, tenant, 1, 10);
        var before = await ReceiveDataAsync(client, 10);

        await leaving.DisposeAsync();
        Assert.Equal((System.Net.WebSockets.WebSocketCloseStatus)1001, await client.ReceiveCloseAsync());
        await client.DisposeAsync();

        await PublishAsync(nodes.B, tenant, 11, 15);
        var (resumed, _) = await ProtocolClient.ConnectAuthenticatedAsync(nodes.A, nodes.A.Token(tenant));
        await using var _ = resumed;
        await resumed.SendAsync(new { type = "subscribe", id = "r", topics = new[] { "calls" }, since = new Dictionary<string, long> { ["calls"] = before[^1].GetProperty("seq").GetInt64() } });
        Assert.Equal("subscribed", Type(await resumed.ReceiveAsync()));
        Assert.Equal(Enumerable.Range(11, 5), (await ReceiveDataAsync(resumed, 5)).Select(m => m.GetProperty("data").GetProperty("n").GetInt32()));
    }

    [Fact]
    public async Task The_log_is_pruned_to_the_history_bounds_and_keeps_each_streams_newest_snapshot()
    {
        var tenant = Tenants.New();
        await nodes.A.PublishAsync(tenant, "calls", "active_calls_update", new { n = 0 }, isSnapshot: true);
        await PublishAsync(nodes.A, tenant, 1, 20);

        var store = nodes.A.Services.GetRequiredService<BackplaneStore>();
        await store.PruneAsync(DateTimeOffset.UtcNow.AddHours(-1), historySize: 5, CancellationToken.None);

        await using var db = new NpgsqlConnection(nodes.A.ConnectionString);
        await db.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT seq FROM realtime_messages WHERE tenant = $1 AND topic = 'calls' ORDER BY seq", db);
        cmd.Parameters.AddWithValue(tenant);
        var kept = new List<long>();
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                kept.Add(reader.GetInt64(0));
            }
        }

        Assert.Equal([1L, 17, 18, 19, 20, 21], kept);
    }

    private static async Task<ProtocolClient> SubscribeAsync(DashboardServer node, string tenant, string topic)
    {
        var (client, _) = await ProtocolClient.ConnectAuthenticatedAsync(node, node.Token(tenant));
        await client.SendAsync(new { type = "subscribe", id = "s", topics = new[] { topic } });
        Assert.Equal("subscribed", Type(await client.ReceiveAsync()));
        return client;
    }

    // B subscribed to calls, its backplane listener and the PostgreSQL backend it listens on now.
    private async Task<(ProtocolClient OnB, BackplaneListener Listener, int Pid)> WatchBackplaneOfBAsync(string tenant)
    {
        var onB = await SubscribeAsync(nodes.B, tenant, "calls");
        var listener = nodes.B.Services.GetRequiredService<BackplaneListener>();
        return (onB, listener, listener.ServerProcessId);
    }

    private static Task PublishAsync(DashboardServer node, string tenant, int from, int to) =>
        Task.WhenAll(Enumerable.Range(from, to - from + 1).Select(n => node.PublishAsync(tenant, "calls", "call_event", new { n }, isSnapshot: false)));

    private static async Task<List<JsonElement>> ReceiveDataAsync(ProtocolClient client, int count)
    {
        var messages = new List<JsonElement>(count);
        while (messages.Count < count)
        {
            messages.Add(await client.ReceiveUntilAsync(IsData));
        }

        return messages;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (!condition())
        {
            await Task.Delay(20, bound.Token);
        }
    }
}
