using Dashboard.Tests.Infrastructure;
using System.Text.Json;

namespace Dashboard.Tests.Realtime;

/// <summary>History and queues sized for a fast stream, so every reconnect's gap can be replayed rather than resynced.</summary>
public sealed class DeepHistoryServer() : ConfiguredServer(new()
{
    ["Realtime:HistorySize"] = "10000",
    ["Realtime:SendQueueMessages"] = "20000",
});

/// <summary>
/// docs/protocol.md §3.4 and §4 under churn: a client that drops its connection at random points and resumes receives every
/// message of a 10,000-message stream exactly once and in order.
/// </summary>
public sealed class RandomDisconnectTests(DeepHistoryServer server) : IClassFixture<DeepHistoryServer>
{
    private const int Total = 10_000;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    // Paced so a reconnect's gap stays within the history, as a real stream's would; it stops by itself.
    private Task PublishAsync(string tenant, CancellationToken ct) => Task.Run(async () =>
    {
        var batch = new List<Task>(20);
        for (var n = 1; n <= Total; n++)
        {
            batch.Add(server.PublishAsync(tenant, "calls", "call_event", new { n }, isSnapshot: false));
            if (n % 20 == 0)
            {
                await Task.WhenAll(batch).WaitAsync(ct);
                batch.Clear();
            }
        }

        await Task.WhenAll(batch).WaitAsync(ct);
    }, ct);

    [Fact]
    public async Task Over_websocket_every_message_arrives_exactly_once_and_in_order_across_random_disconnects()
    {
        var tenant = Tenants.New();
        var token = server.Token(tenant);
        var random = new Random(20261121);
        using var bound = new CancellationTokenSource(Bound);
        long last = 0;
        var reconnects = 0;
        Task? publisher = null;

        while (last < Total)
        {
            var (client, _) = await ProtocolClient.ConnectAuthenticatedAsync(server, token);
            await using (client)
            {
                object subscribe = publisher is null
                    ? new { type = "subscribe", id = "s", topics = new[] { "calls" } }
                    : new { type = "subscribe", id = "s", topics = new[] { "calls" }, since = new Dictionary<string, long> { ["calls"] = last } };
                await client.SendAsync(subscribe);
                await client.ReceiveUntilAsync(m => m.GetProperty("type").GetString() == "subscribed");
                publisher ??= PublishAsync(tenant, bound.Token);

                var budget = random.Next(1, 600);
                while (budget-- > 0 && last < Total)
                {
                    var m = await client.ReceiveAsync();
                    var type = m.GetProperty("type").GetString();
                    Assert.NotEqual("resync", type);
                    if (type != "call_event")
                    {
                        continue;
                    }

                    var seq = m.GetProperty("seq").GetInt64();
                    Assert.Equal(last + 1, seq);
                    Assert.Equal(seq, m.GetProperty("data").GetProperty("n").GetInt64());
                    last = seq;
                }

                // Half the drops are abrupt (no close handshake), half polite.
                if (random.Next(2) == 0)
                {
                    client.Socket.Abort();
                }

                reconnects++;
            }
        }

        await publisher!;
        Assert.Equal(Total, last);
        Assert.True(reconnects > 10, $"only {reconnects} reconnects");
    }

    [Fact]
    public async Task Over_sse_every_message_arrives_exactly_once_and_in_order_across_random_disconnects()
    {
        var tenant = Tenants.New();
        using var http = server.Http(server.Token(tenant));
        var random = new Random(11212026);
        using var bound = new CancellationTokenSource(Bound);
        long last = 0;
        string? lastEventId = null;
        var reconnects = 0;
        Task? publisher = null;

        while (last < Total)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/sse?topics=calls");
            if (lastEventId is not null)
            {
                request.Headers.Add("Last-Event-ID", lastEventId);
            }

            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, bound.Token);
            response.EnsureSuccessStatusCode();
            await using var reader = new SseReader(await response.Content.ReadAsStreamAsync(bound.Token));

            // Subscribed before the headers were sent, so publishing may start now.
            publisher ??= PublishAsync(tenant, bound.Token);
            var budget = random.Next(1, 600);
            while (budget-- > 0 && last < Total)
            {
                var evt = await reader.ReadEventAsync();
                Assert.NotEqual("resync", evt.Event);
                using var doc = JsonDocument.Parse(evt.Data);
                var seq = doc.RootElement.GetProperty("seq").GetInt64();
                Assert.Equal(last + 1, seq);
                last = seq;
                lastEventId = evt.Id;
            }

            reconnects++;
        }

        await publisher!;
        Assert.Equal(Total, last);
        Assert.True(reconnects > 10, $"only {reconnects} reconnects");
    }
}
