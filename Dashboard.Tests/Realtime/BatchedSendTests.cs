using Dashboard.Tests.Infrastructure;
using System.Text;
using System.Text.Json;

namespace Dashboard.Tests.Realtime;

/// <summary>
/// The send loop writes every message ready as whole frames in one write, while the runtime's WebSocket answers the
/// client's pings through the same stream (docs/protocol.md §3.1): on the wire every frame stays whole and in order.
/// </summary>
public sealed class BatchedSendTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    private const int Messages = 1000;

    [Fact]
    public async Task A_burst_of_every_frame_size_arrives_whole_and_in_order_while_pings_sent_into_it_get_their_pongs()
    {
        var tenant = Tenants.New();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        using var socket = await RawWebSocket.ConnectAsync(server.BaseAddress);
        await socket.SendTextAsync($"{{\"type\":\"auth\",\"token\":\"{server.Token(tenant)}\"}}");
        await socket.SendTextAsync("{\"type\":\"subscribe\",\"id\":\"s\",\"topics\":[\"calls\"]}");
        await socket.ReceiveUntilAsync("\"subscribed\"", timeout.Token);

        // Payloads of 7-bit, 16-bit and 64-bit frame lengths (RFC 6455 §5.2): every 97th message exceeds 65,535 bytes.
        static int FillerLength(int n) => n % 97 == 0 ? 70_000 + n : n % 7 * 40;

        using var publishing = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var pings = new List<string>();
        var publisher = Task.Run(async () =>
        {
            for (var n = 1; n <= Messages; n++)
            {
                await server.PublishAsync(tenant, "calls", "call_event", new { n, filler = new string('x', FillerLength(n)) }, isSnapshot: false);
            }
        });
        var pinger = Task.Run(async () =>
        {
            // Pings from the client's one writer while the server is mid-burst (at least one); stops when the burst is published.
            for (var i = 0; i == 0 || (!publisher.IsCompleted && i < 200); i++)
            {
                var payload = $"ping {i}";
                lock (pings)
                {
                    pings.Add(payload);
                }

                await socket.SendPingAsync(Encoding.ASCII.GetBytes(payload));
                await Task.WhenAny(publisher, Task.Delay(TimeSpan.FromMilliseconds(5), timeout.Token));
            }
        });

        var expected = 1;
        var pongs = new List<string>();
        while (expected <= Messages)
        {
            var (opcode, payload) = await socket.ReceiveFrameAsync(timeout.Token);
            switch (opcode)
            {
                case 0xA:
                    pongs.Add(Encoding.ASCII.GetString(payload));
                    break;
                case 0x1:
                    using (var json = JsonDocument.Parse(payload))
                    {
                        Assert.Equal("call_event", json.RootElement.GetProperty("type").GetString());
                        var data = json.RootElement.GetProperty("data");
                        Assert.Equal(expected, data.GetProperty("n").GetInt32());
                        Assert.Equal(FillerLength(expected), data.GetProperty("filler").GetString()!.Length);
                    }

                    expected++;
                    break;
                default:
                    Assert.Fail($"unexpected opcode {opcode}");
                    break;
            }
        }

        await Task.WhenAll(publisher, pinger).WaitAsync(timeout.Token);

        // Pongs sent after the last message are still on their way: read until each ping has its pong, in order.
        while (pongs.Count < pings.Count)
        {
            var (opcode, payload) = await socket.ReceiveFrameAsync(timeout.Token);
            Assert.Equal(0xA, opcode);
            pongs.Add(Encoding.ASCII.GetString(payload));
        }

        Assert.NotEmpty(pings);
        Assert.Equal(pings, pongs);
    }
}
