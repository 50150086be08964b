using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Auth;
using Dashboard.Realtime.Backplane;
using Dashboard.Tests.Infrastructure;
using static Dashboard.Tests.Observability.MetricsScrape;

namespace Dashboard.Tests.Ingestion;

/// <summary>
/// The live messages the event insert sequences itself share their streams with everything else published there
/// (docs/protocol.md §9): one seq per stream across the insert's statements, the publisher's batches and both nodes,
/// NOTIFYed in seq order; a message too large to notify whole arrives from the log, and one over
/// <c>Realtime:MaxPublishBytes</c> is refused while its event still commits (docs/architecture.md §3).
/// </summary>
public sealed class LiveMessageStreamTests(TwoNodes<LiveMessageStreamTests.Server> nodes) : IClassFixture<TwoNodes<LiveMessageStreamTests.Server>>
{
    private const int QueueNameLength = 120;

    /// <summary>Long lists of queues are accepted, and a message over 16 KiB is refused.</summary>
    public sealed class Server() : ConfiguredServer(new()
    {
        ["Ingestion:MaxListEntries"] = "256",
        ["Realtime:MaxPublishBytes"] = "16384",
    });

    [Fact]
    public async Task Seq_stays_one_sequence_per_stream_in_order_with_snapshots_published_at_once_and_both_nodes_deliver_the_same()
    {
        var tenant = Tenants.New();
        await using var onA = await LiveLog.SubscribeAsync(nodes.A, tenant, "agents");
        await using var onB = await LiveLog.SubscribeAsync(nodes.B, tenant, "agents");
        using var producer = nodes.A.Http(nodes.A.Token(tenant, Scopes.Write));
        using var metrics = nodes.A.Http();
        var gapsBefore = Value(await ScrapeAsync(metrics), "dashboard_backplane_gaps_total");

        // Status changes through the insert's statement and snapshots through both nodes' publishers, all at once.
        const int Count = 30;
        var posts = Enumerable.Range(0, Count).Select(i => producer.PostAsync(AgentStatus($"a-{i}", queues: 1))).ToList();
        var snapshots = Enumerable.Range(0, Count)
            .SelectMany(i => new[] { (Node: nodes.A, Name: "a", N: i), (Node: (DashboardServer)nodes.B, Name: "b", N: i) })
            .Select(p => p.Node.PublishAsync(tenant, "agents", "test_snapshot", new { node = p.Name, n = p.N }, isSnapshot: true))
            .ToList();
        foreach (var response in await Task.WhenAll(posts))
        {
            await response.AssertAcceptedAsync(1, 0);
        }

        await Task.WhenAll(snapshots);

        // Snapshots may be coalesced per subscriber (docs/protocol.md §3.8), events never: each socket sees the stream in
        // increasing seq up to its head, every status change, and both nodes the same changes in the same order.
        var logged = await LiveLog.MessagesAsync(nodes.A.ConnectionString, tenant, "agents");
        var head = logged[^1].Seq;
        var seenOnA = await ReceiveUpToAsync(onA, head);
        var seenOnB = await ReceiveUpToAsync(onB, head);
        foreach (var seen in new[] { seenOnA, seenOnB })
        {
            var seqs = seen.Select(m => m.GetProperty("seq").GetInt64()).ToList();
            Assert.Equal(seqs.Order(), seqs);
            Assert.Equal(seqs.Count, seqs.Distinct().Count());
            Assert.Equal(Count, seen.Count(m => m.GetProperty("type").GetString() == "agent_status_changed"));
        }

        static IEnumerable<string> Changes(List<JsonElement> seen) =>
            seen.Where(m => m.GetProperty("type").GetString() == "agent_status_changed").Select(m => m.GetRawText());
        Assert.Equal(Changes(seenOnA), Changes(seenOnB));

        // The log holds every message: one seq per message, no gap, each node's snapshots in the order it published them.
        Assert.Equal(Enumerable.Range(1, logged.Count).Select(s => (long)s), logged.Select(r => r.Seq));
        Assert.Equal(Count, logged.Count(r => r.Type == "agent_status_changed"));
        foreach (var node in new[] { "a", "b" })
        {
            var order = logged.Where(r => r.Type == "test_snapshot" && r.Data.GetProperty("node").GetString() == node).Select(r => r.Data.GetProperty("n").GetInt32());
            Assert.Equal(Enumerable.Range(0, Count), order);
        }

        Assert.Equal(gapsBefore, Value(await ScrapeAsync(metrics), "dashboard_backplane_gaps_total"));
    }

    [Fact]
    public async Task A_message_too_large_to_notify_whole_reaches_both_nodes_from_the_log()
    {
        var tenant = Tenants.New();
        await using var onA = await LiveLog.SubscribeAsync(nodes.A, tenant, "agents");
        await using var onB = await LiveLog.SubscribeAsync(nodes.B, tenant, "agents");
        using var producer = nodes.A.Http(nodes.A.Token(tenant, Scopes.Write));

        using var response = await producer.PostAsync(AgentStatus("a-big", queues: 80));
        await response.AssertAcceptedAsync(1, 0);

        var logged = Assert.Single(await LiveLog.MessagesAsync(nodes.A.ConnectionString, tenant, "agents"), r => r.Type == "agent_status_changed");
        Assert.True(logged.Data.GetRawText().Length > BackplaneStore.MaxInlineBytes);
        foreach (var client in new[] { onA, onB })
        {
            var message = await LiveLog.NextAsync(client, "agent_status_changed");
            Assert.Equal(logged.Seq, message.GetProperty("seq").GetInt64());
            Assert.Equal(80, message.GetProperty("data").GetProperty("queues").GetArrayLength());
        }
    }

    [Fact]
    public async Task A_message_over_MaxPublishBytes_is_counted_as_rejected_and_its_event_still_commits()
    {
        var tenant = Tenants.New();
        using var producer = nodes.A.Http(nodes.A.Token(tenant, Scopes.Write));
        using var metrics = nodes.A.Http();
        var before = Value(await ScrapeAsync(metrics), "dashboard_realtime_messages_rejected_total", ("reason", "too_large"));

        using var response = await producer.PostAsync(AgentStatus("a-huge", queues: 200));
        await response.AssertAcceptedAsync(1, 0);

        Assert.Equal(1, await Events.CountAsync(nodes.A.ConnectionString, tenant));
        Assert.DoesNotContain(await LiveLog.MessagesAsync(nodes.A.ConnectionString, tenant, "agents"), r => r.Type == "agent_status_changed");
        Assert.Equal(before + 1, Value(await ScrapeAsync(metrics), "dashboard_realtime_messages_rejected_total", ("reason", "too_large")));
    }

    private static JsonObject AgentStatus(string agentId, int queues) => Events.Event("agent.status_changed", new()
    {
        ["agentId"] = agentId,
        ["status"] = "available",
        ["queues"] = new JsonArray([.. Enumerable.Range(0, queues).Select(i => JsonValue.Create($"q{i:D3}-".PadRight(QueueNameLength, 'x')))]),
    });

    // Data messages up to seq <paramref name="head"/>, answering pings.
    private static async Task<List<JsonElement>> ReceiveUpToAsync(ProtocolClient client, long head)
    {
        var messages = new List<JsonElement>();
        while (messages.Count == 0 || messages[^1].GetProperty("seq").GetInt64() < head)
        {
            var m = await client.ReceiveAsync(TimeSpan.FromSeconds(20));
            var type = m.GetProperty("type").GetString();
            Assert.NotEqual("resync", type);
            if (type == "ping")
            {
                await client.SendAsync(new { type = "pong" });
            }
            else if (m.TryGetProperty("seq", out _))
            {
                messages.Add(m);
            }
        }

        return messages;
    }
}
