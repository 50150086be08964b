using Dashboard.Realtime.WebSockets;
using Dashboard.Tests.Infrastructure;
using System.Buffers.Binary;
using System.Text;

namespace Dashboard.Tests.Realtime;

/// <summary>A server with a small send queue, and a long close timeout so a stalled client can still read its close code.</summary>
public sealed class SmallQueueServer() : ConfiguredServer(new()
{
    ["Realtime:SendQueueMessages"] = "64",
    ["Realtime:SendQueueBytes"] = (4 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
    ["Realtime:HistorySize"] = "16",
    ["Realtime:CloseTimeoutSeconds"] = "60",
});

/// <summary>docs/protocol.md §3.11: a slow consumer is closed with 4008 and never delays the others.</summary>
public sealed class SlowConsumerTests(SmallQueueServer server) : IClassFixture<SmallQueueServer>
{
    private const int Subscribers = 100;
    private const int Messages = 600;

    [Fact]
    public async Task A_stalled_client_among_100_subscribers_is_closed_4008_while_the_others_receive_every_message()
    {
        var tenant = Tenants.New();
        var token = server.Token(tenant);
        // A bound on the whole exchange (100 sockets, ~470 MB of frames), not a speed claim: generous, since a shared
        // 2-core machine that is building something else meanwhile has taken over a minute for it.
        using var setup = new CancellationTokenSource(TimeSpan.FromSeconds(240));

        using var stalled = await RawWebSocket.ConnectAsync(server.BaseAddress);
        await stalled.SendTextAsync($"{{\"type\":\"auth\",\"token\":\"{token}\"}}");
        await stalled.SendTextAsync("{\"type\":\"subscribe\",\"id\":\"s\",\"topics\":[\"calls\"]}");
        await stalled.ReceiveUntilAsync("\"subscribed\"", setup.Token);

        var others = new List<ProtocolClient>();
        try
        {
            for (var i = 0; i < Subscribers - 1; i++)
            {
                var (client, _) = await ProtocolClient.ConnectAuthenticatedAsync(server, token);
                others.Add(client);
                await client.SendAsync(new { type = "subscribe", id = "s", topics = new[] { "calls" } });
                await client.ReceiveUntilAsync(m => m.GetProperty("type").GetString() == "subscribed");
            }

            // The stalled client reads nothing from here on. The publisher paces itself to the healthy readers (a burst
            // larger than their own queues would rightly overflow them too), never to the stalled one.
            var progress = new int[others.Count];
            var readers = others.Select((c, i) => ReadAllInOrderAsync(c, progress, i)).ToList();
            var filler = new string('x', 8 * 1024);
            for (var n = 1; n <= Messages; n++)
            {
                await server.PublishAsync(tenant, "calls", "call_event", new { n, filler }, isSnapshot: false);
                if (n % 16 == 0)
                {
                    await WaitForAsync(() => Enumerable.Range(0, progress.Length).All(i => Volatile.Read(ref progress[i]) >= n - 16), setup.Token);
                }
            }

            // Every other subscriber gets all messages while the stalled one still has not read a byte.
            var received = await Task.WhenAll(readers).WaitAsync(setup.Token);
            Assert.All(received, count => Assert.Equal(Messages, count));

            // Now the stalled client reads: what was in flight, then the close frame. The server dropped the rest.
            var data = 0;
            int closeCode;
            while (true)
            {
                var (opcode, payload) = await stalled.ReceiveFrameAsync(setup.Token);
                if (opcode == 0x8)
                {
                    closeCode = BinaryPrimitives.ReadUInt16BigEndian(payload);
                    Assert.Equal("slow consumer", Encoding.UTF8.GetString(payload.AsSpan(2)));
                    break;
                }

                data++;
            }

            Assert.Equal(CloseCodes.Policy, closeCode);
            Assert.True(data < Messages, $"the stalled client got all {data} messages: nothing was bounded");
        }
        finally
        {
            foreach (var client in others)
            {
                await client.DisposeAsync();
            }
        }
    }

    private static async Task<int> ReadAllInOrderAsync(ProtocolClient client, int[] progress, int index)
    {
        var expected = 1;
        while (expected <= Messages)
        {
            var m = await client.ReceiveAsync(TimeSpan.FromSeconds(30));
            if (m.GetProperty("type").GetString() != "call_event")
            {
                continue;
            }

            Assert.Equal(expected, m.GetProperty("data").GetProperty("n").GetInt32());
            Volatile.Write(ref progress[index], expected);
            expected++;
        }

        return expected - 1;
    }

    // Polls a condition the readers advance; bounded by the token.
    private static async Task WaitForAsync(Func<bool> condition, CancellationToken ct)
    {
        while (!condition())
        {
            await Task.Delay(5, ct);
        }
    }
}
